package dev.bulwark.access.audit;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Every role an audited role can act as, each by its shortest route; PUBLIC is always reachable. */
record Reach(Role role, Map<Long, Route> routes) {

    Reach {
        routes = Map.copyOf(routes);
    }

    Collection<Route> all() {
        return routes.values();
    }

    /**
     * The route to a grantee whose privileges the role can use, if any. A superuser on the way is
     * reported once, as SUPERUSER: what else it holds adds nothing.
     */
    Optional<Route> to(long grantee) {
        if (grantee == Role.PUBLIC.oid()) return Optional.of(Route.viaPublic(role));
        Route route = routes.get(grantee);
        return route == null || route.holder().superuser() ? Optional.empty() : Optional.of(route);
    }

    boolean contains(long roleOid) {
        return routes.containsKey(roleOid);
    }
}
