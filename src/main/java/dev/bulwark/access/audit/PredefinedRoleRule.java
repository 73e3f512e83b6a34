package dev.bulwark.access.audit;

import java.util.List;
import java.util.Map;

/** Membership of the predefined roles that write, or reach the server beyond the database. */
record PredefinedRoleRule() implements AuditRule {

    private record Power(Severity severity, boolean writePath, String allows) {}

    private static final Map<String, Power> POWERS = Map.of(
            "pg_write_all_data", new Power(Severity.CRITICAL, true,
                    "INSERT, UPDATE and DELETE on every table, view and sequence, those created later included"),
            "pg_write_server_files", new Power(Severity.CRITICAL, true,
                    "write any file the server's operating-system user may write (COPY ... TO a file)"),
            "pg_execute_server_program", new Power(Severity.CRITICAL, true,
                    "run any program on the database server as its operating-system user (COPY ... PROGRAM)"),
            "pg_read_server_files", new Power(Severity.CRITICAL, true,
                    "read any file the server's operating-system user may read, configuration and keys included"),
            "pg_signal_backend", new Power(Severity.HIGH, true,
                    "cancel the queries and end the sessions of every non-superuser role, the application's included"),
            "pg_maintain", new Power(Severity.HIGH, true,
                    "VACUUM, CLUSTER, REINDEX, REFRESH MATERIALIZED VIEW and LOCK TABLE on every relation"),
            "pg_create_subscription", new Power(Severity.HIGH, true,
                    "create subscriptions that write replicated rows into the database"),
            "pg_checkpoint", new Power(Severity.LOW, false, "force checkpoints, and the I/O spikes they cause"),
            "pg_use_reserved_connections", new Power(Severity.LOW, false,
                    "take the connection slots reserved for administrators"),
            "pg_signal_autovacuum_worker", new Power(Severity.LOW, false, "stop autovacuum workers"));

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        for (Route route : reach.all()) {
            Role holder = route.holder();
            Power power = holder.predefined() ? POWERS.get(holder.name()) : null;
            if (power == null || !route.viaMembership()) continue;
            // The grant is the last membership on the route: the finding is shown as held by that
            // membership's member, so that the usual fix (cut the audited role's first membership) applies.
            int last = route.edges().size() - 1;
            Route toMember = new Route(route.roles().subList(0, last + 1), route.edges().subList(0, last), route.inherited(),
                    route.settable());
            String holderFix = Fixes.revokeMembership(ctx.catalog, route.edges().get(last), ctx.newOwner(reach));
            out.add(ctx.finding(reach, toMember, !route.inherited(), power.severity(), FindingKind.PREDEFINED_ROLE, holder.name(),
                    holder.name(), power.allows(), holderFix, power.writePath(), null));
        }
    }
}
