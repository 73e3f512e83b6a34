package dev.bulwark.access.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every rule needs: the catalog, the role graph, and one way to turn a route into a finding. */
final class AuditContext {
    /** The bootstrap superuser's oid: always there, and a member of nothing unless someone made it one. */
    private static final long BOOTSTRAP_SUPERUSER = 10;

    final CatalogSnapshot catalog;
    final RoleGraph graph;
    private final Map<Long, Optional<String>> writers = new HashMap<>();

    AuditContext(CatalogSnapshot catalog) {
        this.catalog = catalog;
        this.graph = new RoleGraph(catalog.roles(), catalog.memberships(), catalog.major());
    }

    /** A finding the route leads to; {@code holderFix} removes it from the route's holder (the role itself, PUBLIC or a group). */
    Finding finding(Reach reach, Route route, boolean needsSetRole, Severity severity, FindingKind kind, String object, String step,
                    String allows, String holderFix, boolean writePath, String note) {
        String fix = holderFix;
        if (route.viaMembership()) {
            // Cut the audited role's own first membership: that removes the path for this role only,
            // where changing the holder would change it for every other member too.
            fix = Fixes.revokeMembership(catalog, route.edges().get(0), newOwner(reach));
            String other = "or take it from " + route.holder().name() + " and every other member: " + holderFix;
            note = note == null ? other : note + "; " + other;
        }
        return new Finding(severity, kind, object, route.path(step), writePath, needsSetRole, allows, fix, note);
    }

    /**
     * Who should own what a role must stop owning: the database owner, else the role the audit runs as,
     * else the bootstrap superuser; never a role the audited role can act as.
     */
    Role newOwner(Reach reach) {
        for (long candidate : List.of(catalog.databaseOwner(),
                catalog.role(catalog.sessionUser()).map(Role::oid).orElse(BOOTSTRAP_SUPERUSER), BOOTSTRAP_SUPERUSER)) {
            Role role = catalog.role(candidate);
            if (role != null && !reach.contains(candidate)) return role;
        }
        return catalog.role(BOOTSTRAP_SUPERUSER);
    }

    /**
     * Why a role can write by itself, without SET ROLE (what a SECURITY DEFINER function runs with),
     * or empty when it cannot.
     */
    Optional<String> writes(Role role) {
        return writers.computeIfAbsent(role.oid(), oid -> WriteCapability.of(this, role));
    }
}
