package dev.bulwark.access.audit;

import java.util.List;

/**
 * Role attributes: never inherited, but gained with SET ROLE, so a membership that allows SET ROLE
 * to a superuser is as good as being one.
 */
record AttributeRule() implements AuditRule {

    private record Attribute(String name, Severity severity, String allows) {}

    private static final Attribute SUPERUSER = new Attribute("SUPERUSER", Severity.CRITICAL,
            "bypass every privilege check: read, change or drop anything, and run programs on the server");

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        for (Route route : reach.all()) {
            if (!route.settable()) continue;
            for (Attribute a : attributes(route.holder(), ctx.catalog.major())) {
                String holderFix = Fixes.alterRole(route.holder(), "NO" + a.name());
                out.add(ctx.finding(reach, route, route.viaMembership(), a.severity(), FindingKind.ROLE_ATTRIBUTE, a.name(),
                        a.name(), a.allows(), holderFix, true, null));
            }
        }
    }

    static Finding superuser(AuditContext ctx, Reach reach) {
        Route self = Route.self(reach.role());
        return ctx.finding(reach, self, false, SUPERUSER.severity(), FindingKind.ROLE_ATTRIBUTE, SUPERUSER.name(),
                SUPERUSER.name(), SUPERUSER.allows() + " (nothing else is listed for a superuser)",
                Fixes.alterRole(reach.role(), "NOSUPERUSER"), true, null);
    }

    private static List<Attribute> attributes(Role r, int major) {
        if (r.superuser()) return List.of(SUPERUSER);
        var out = new java.util.ArrayList<Attribute>();
        if (r.createRole()) {
            out.add(new Attribute("CREATEROLE", Severity.HIGH, major < 16
                    ? "create roles and grant itself any non-superuser role, pg_write_all_data and pg_execute_server_program included"
                    : "create roles, and act as the roles it creates"));
        }
        if (r.replication()) {
            out.add(new Attribute("REPLICATION", Severity.HIGH,
                    "stream every row of the cluster and create replication slots that hold WAL until the disk fills"));
        }
        if (r.createDb()) out.add(new Attribute("CREATEDB", Severity.MEDIUM, "create (and own) new databases"));
        if (r.bypassRls()) {
            out.add(new Attribute("BYPASSRLS", Severity.MEDIUM, "ignore row-level security policies on every write it may make"));
        }
        return out;
    }
}
