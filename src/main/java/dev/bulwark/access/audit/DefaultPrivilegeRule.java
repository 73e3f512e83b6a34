package dev.bulwark.access.audit;

import java.util.List;

import dev.bulwark.postgres.Identifiers;

/**
 * ALTER DEFAULT PRIVILEGES that will hand write access on objects created later: invisible in
 * today's grants, live the moment the creator makes a new table.
 */
record DefaultPrivilegeRule() implements AuditRule {

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        for (DefaultGrant d : ctx.catalog.defaultGrants()) {
            Route route = reach.to(d.grantee()).orElse(null);
            Target target = target(d.objectType());
            PrivilegeRisk risk = target == null ? null : PrivilegeRisk.of(ctx.catalog, target.example(), d.privilege());
            if (route == null || risk == null || !risk.writePath()) continue;
            String creator = ctx.catalog.roleName(d.creator());
            String scope = d.schema() == null ? "in any schema" : "in schema " + d.schema();
            String object = "future " + target.plural() + " of " + creator + " " + scope;
            String holderFix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + Identifiers.quote(creator)
                    + (d.schema() == null ? "" : " IN SCHEMA " + Identifiers.quote(d.schema())) + " REVOKE " + d.privilege() + " ON "
                    + target.plural().toUpperCase(java.util.Locale.ROOT) + " FROM " + route.holder().sql() + ";";
            out.add(ctx.finding(reach, route, !route.inherited(), risk.severity(), FindingKind.DEFAULT_PRIVILEGE, object,
                    d.privilege() + " on " + object, risk.effect() + " (every " + target.singular() + " " + creator
                            + " creates " + scope + " from now on)", holderFix, true, null));
        }
    }

    private record Target(String singular, String plural, SecuredObject example) {}

    /** What pg_default_acl.defaclobjtype stands for; functions and types get nothing that writes. */
    private static Target target(String objectType) {
        return switch (objectType) {
            case "r" -> new Target("table", "tables", example(ObjectType.TABLE));
            case "S" -> new Target("sequence", "sequences", example(ObjectType.SEQUENCE));
            case "n" -> new Target("schema", "schemas", example(ObjectType.SCHEMA));
            case "L" -> new Target("large object", "large objects", example(ObjectType.LARGE_OBJECT));
            default -> null;
        };
    }

    private static SecuredObject example(ObjectType type) {
        return new SecuredObject(type, 0, null, "", null, 0);
    }
}
