package dev.bulwark.access.audit;

import java.util.List;

/**
 * Settings that keep a read-only role's sessions read-only and short by default. They are
 * hardening, not write paths: a session may change its own settings, so they do not stop a
 * determined writer; they stop accidents (a forgotten transaction holding locks, a runaway query).
 */
final class HardeningRule {
    static final String READ_ONLY = "default_transaction_read_only";
    static final String STATEMENT_TIMEOUT = "statement_timeout";
    static final String IDLE_TIMEOUT = "idle_in_transaction_session_timeout";
    static final List<String> SETTINGS = List.of(READ_ONLY, STATEMENT_TIMEOUT, IDLE_TIMEOUT, LargeObjectCompatRule.SETTING);

    private HardeningRule() {}

    /**
     * @param readOnlyExpected the role is an agent's or cannot write anyway: a read-only default fits it
     *                         (for a role that writes, the advice would break its application)
     */
    static void inspect(CatalogSnapshot catalog, Role role, boolean readOnlyExpected, List<Finding> out) {
        EffectiveSetting readOnly = EffectiveSetting.of(catalog, role, READ_ONLY);
        if (readOnlyExpected && !readOnly.on()) {
            out.add(setting(role, readOnly, "sessions start read-write; a read-only default stops accidental writes",
                    readOnly.fixFor(role, catalog.database(), "on")));
        }
        EffectiveSetting statement = EffectiveSetting.of(catalog, role, STATEMENT_TIMEOUT);
        if (statement.zero()) {
            out.add(setting(role, statement, "queries run without a time limit",
                    statement.fixFor(role, catalog.database(), "'60s'")));
        }
        EffectiveSetting idle = EffectiveSetting.of(catalog, role, IDLE_TIMEOUT);
        if (idle.zero()) {
            out.add(setting(role, idle, "a session left idle in a transaction keeps its locks and snapshot for ever",
                    idle.fixFor(role, catalog.database(), "'60s'")));
        }
        if (role.login() && role.connectionLimit() < 0) {
            out.add(new Finding(Severity.LOW, FindingKind.CONNECTION_LIMIT, "connection limit", List.of(role.name(),
                    "CONNECTION LIMIT -1 (none)"), false, false, "open connections until the server's slots run out",
                    Fixes.alterRole(role, "CONNECTION LIMIT 10"), "choose the limit the role really needs"));
        }
    }

    private static Finding setting(Role role, EffectiveSetting s, String allows, String fix) {
        return new Finding(Severity.LOW, FindingKind.SETTING, s.name(), List.of(role.name(), s.describe()), false, false, allows,
                fix, null);
    }
}
