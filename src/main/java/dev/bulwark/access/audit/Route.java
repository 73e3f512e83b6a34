package dev.bulwark.access.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * How an audited role gets to the role that holds a privilege: itself, PUBLIC, or a chain of
 * memberships. {@code edges.get(i)} makes {@code roles.get(i)} a member of {@code roles.get(i + 1)}.
 *
 * @param inherited the holder's privileges apply without SET ROLE (every membership on the way inherits)
 * @param settable  the audited role can SET ROLE to the holder, and so gains its attributes too
 */
record Route(List<Role> roles, List<Membership> edges, boolean inherited, boolean settable) {

    Route {
        roles = List.copyOf(roles);
        edges = List.copyOf(edges);
    }

    static Route self(Role role) {
        return new Route(List.of(role), List.of(), true, true);
    }

    static Route viaPublic(Role role) {
        return new Route(List.of(role, Role.PUBLIC), List.of(), true, false);
    }

    Route then(Role next, Membership edge, boolean inherits, boolean sets) {
        List<Role> r = new ArrayList<>(roles);
        r.add(next);
        List<Membership> e = new ArrayList<>(edges);
        e.add(edge);
        return new Route(r, e, inherits, sets);
    }

    Role start() {
        return roles.get(0);
    }

    Role holder() {
        return roles.get(roles.size() - 1);
    }

    boolean viaMembership() {
        return !edges.isEmpty();
    }

    int length() {
        return roles.size();
    }

    /** The role names, then the steps that follow the holder: {@code agent -> app_rw -> INSERT on public.orders}. */
    List<String> path(String... tail) {
        List<String> out = new ArrayList<>(roles.stream().map(Role::name).toList());
        out.addAll(List.of(tail));
        return out;
    }
}
