package dev.bulwark.access.audit;

import java.util.Optional;
import java.util.Set;

/**
 * Whether a role can change data with its own and inherited privileges: what decides if a
 * SECURITY DEFINER function it owns is a way for its callers to write.
 */
final class WriteCapability {
    private static final Set<String> DATA_WRITING_ROLES = Set.of("pg_write_all_data", "pg_write_server_files",
            "pg_execute_server_program");
    private static final Set<String> DATA_WRITES = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");

    private WriteCapability() {}

    static Optional<String> of(AuditContext ctx, Role role) {
        if (role.superuser()) return Optional.of("superuser");
        Reach reach = ctx.graph.reach(role, true);
        for (Route route : reach.all()) {
            if (route.holder().predefined() && DATA_WRITING_ROLES.contains(route.holder().name())) {
                return Optional.of("member of " + route.holder().name());
            }
        }
        for (SecuredObject o : ctx.catalog.owned()) {
            if (o.type().holdsData && o.type() != ObjectType.DATABASE && reach.contains(o.owner())) {
                return Optional.of("owner of " + o.display());
            }
        }
        for (Grant g : ctx.catalog.grants()) {
            boolean data = g.object().type().isRelation() || g.object().type() == ObjectType.SEQUENCE
                    || g.object().type() == ObjectType.LARGE_OBJECT;
            if (data && DATA_WRITES.contains(g.privilege()) && reach.to(g.grantee()).isPresent()) {
                return Optional.of(g.privilege() + " on " + g.object().display());
            }
        }
        return Optional.empty();
    }
}
