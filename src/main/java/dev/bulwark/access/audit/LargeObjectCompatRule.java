package dev.bulwark.access.audit;

import java.util.List;

import dev.bulwark.postgres.Identifiers;

/** lo_compat_privileges = on turns off every privilege check on large objects, for every role. */
record LargeObjectCompatRule() implements AuditRule {
    static final String SETTING = "lo_compat_privileges";

    @Override
    public void inspect(AuditContext ctx, Reach reach, List<Finding> out) {
        Role role = reach.role();
        EffectiveSetting s = EffectiveSetting.of(ctx.catalog, role, SETTING);
        if (!s.on()) return;
        boolean any = ctx.catalog.owned().stream().anyMatch(o -> o.type() == ObjectType.LARGE_OBJECT);
        String database = Identifiers.quote(ctx.catalog.database());
        String fix = switch (s.source()) {
            case DATABASE_ROLE -> "ALTER ROLE " + role.sql() + " IN DATABASE " + database + " RESET " + SETTING + ";";
            case ROLE -> "ALTER ROLE " + role.sql() + " RESET " + SETTING + ";";
            case DATABASE -> "ALTER DATABASE " + database + " RESET " + SETTING + ";";
            case ALL_ROLES -> "ALTER ROLE ALL RESET " + SETTING + ";";
            case SERVER -> "ALTER SYSTEM SET " + SETTING + " = off; SELECT pg_reload_conf();";
        };
        out.add(new Finding(any ? Severity.CRITICAL : Severity.MEDIUM, FindingKind.LARGE_OBJECT_COMPAT, SETTING,
                List.of(role.name(), s.describe()), true, false,
                "read, overwrite and delete every large object" + (any ? "" : " (there are none yet)") + ", whoever owns it",
                fix, null));
    }
}
