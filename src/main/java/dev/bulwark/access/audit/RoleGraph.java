package dev.bulwark.access.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Role membership as a graph, walked breadth first so that the first route found to a role is a
 * shortest one. A route remembers whether it still inherits and still allows SET ROLE: the same
 * role can be reached both ways, and only a route that does one or the other goes on.
 */
final class RoleGraph {
    private final Map<Long, Role> roles;
    private final Map<Long, List<Membership>> byMember = new HashMap<>();
    private final boolean grantOptions;

    /** @param major the server's major version: from 16 each membership carries its own INHERIT and SET options */
    RoleGraph(Map<Long, Role> roles, List<Membership> memberships, int major) {
        this.roles = roles;
        this.grantOptions = major >= 16;
        for (Membership m : memberships) byMember.computeIfAbsent(m.member(), k -> new ArrayList<>()).add(m);
    }

    /**
     * @param inheritOnly follow only memberships that pass privileges on by themselves, as for the
     *                    owner of a SECURITY DEFINER function (which cannot SET ROLE)
     */
    Reach reach(Role start, boolean inheritOnly) {
        Map<Long, Route> best = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<Route> queue = new ArrayDeque<>();
        queue.add(Route.self(start));
        while (!queue.isEmpty()) {
            Route route = queue.poll();
            Role at = route.holder();
            Route known = best.get(at.oid());
            if (known == null || (known.length() == route.length() && !known.inherited() && route.inherited())) {
                best.put(at.oid(), route);
            }
            for (Membership edge : byMember.getOrDefault(at.oid(), List.of())) {
                Role next = roles.get(edge.role());
                if (next == null) continue;
                boolean inherits = route.inherited() && inherits(at, edge);
                boolean sets = !inheritOnly && route.settable() && sets(edge);
                if ((inherits || sets) && seen.add(next.oid() + "/" + inherits + "/" + sets)) {
                    queue.add(route.then(next, edge, inherits, sets));
                }
            }
        }
        return new Reach(start, best);
    }

    private boolean inherits(Role member, Membership edge) {
        if (edge.implicitDatabaseOwner()) return true;
        return grantOptions ? edge.inherit() : member.inherit();
    }

    /** ADMIN OPTION counts as SET: a role that may grant the membership may grant it to itself with SET. */
    private boolean sets(Membership edge) {
        if (edge.implicitDatabaseOwner()) return false;
        return !grantOptions || edge.set() || edge.admin();
    }
}
