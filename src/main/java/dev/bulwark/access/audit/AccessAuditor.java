package dev.bulwark.access.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;

/**
 * Finds every way the audited roles can change data or schema in one database. It connects with the
 * database's configured (admin) URL, reads the catalogs in one read-only transaction and changes
 * nothing; the fixes it reports are for a person to run.
 */
public final class AccessAuditor {
    private final Map<String, String> env;

    public AccessAuditor(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Which roles to audit.
     *
     * @param roles  roles named on the command line; when empty, every login role
     * @param agents for each role an agent uses, the agents' names; these roles are always audited
     */
    public record Scope(List<String> roles, Map<String, List<String>> agents) {
        public Scope {
            roles = List.copyOf(roles);
            agents = Map.copyOf(agents);
        }
    }

    public AccessAuditReport audit(String databaseName, DatabaseConfig db, Scope scope) {
        PgUrl url = Connections.withSecret(PgUrl.parse(db.url()), db.passwordFile(), env);
        CatalogSnapshot catalog;
        try (Connection c = Connections.open(url, "permission audit")) {
            catalog = readOnly(c);
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot read the catalogs of " + url.redacted() + " for the permission audit: "
                    + e.getMessage(), e);
        }
        return audit(databaseName, url.redacted(), catalog, scope);
    }

    private static CatalogSnapshot readOnly(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement st = c.createStatement()) {
            // Names come back schema-qualified unless they are in pg_catalog, so that every fix is unambiguous.
            st.execute("SET LOCAL search_path = pg_catalog");
            st.execute("SET LOCAL lock_timeout = '10s'");
            st.execute("SET LOCAL statement_timeout = '5min'");
            CatalogSnapshot catalog = CatalogReader.read(c, HardeningRule.SETTINGS);
            c.rollback();
            return catalog;
        }
    }

    static AccessAuditReport audit(String databaseName, String server, CatalogSnapshot catalog, Scope scope) {
        Map<Role, List<String>> audited = new LinkedHashMap<>();
        List<String> missingAgentRoles = new ArrayList<>();
        scope.agents().forEach((role, agents) -> catalog.role(role).ifPresentOrElse(
                r -> audited.computeIfAbsent(r, k -> new ArrayList<>()).addAll(agents), () -> missingAgentRoles.add(role)));
        for (String name : scope.roles()) {
            Role r = catalog.role(name).orElseThrow(() -> BulwarkException.usage("no role '" + name + "' on " + server
                    + "; login roles there: " + catalog.roles().values().stream().filter(Role::login).map(Role::name).toList()));
            audited.computeIfAbsent(r, k -> new ArrayList<>());
        }
        if (scope.roles().isEmpty()) {
            catalog.roles().values().stream().filter(Role::login).forEach(r -> audited.computeIfAbsent(r, k -> new ArrayList<>()));
        }
        AuditContext ctx = new AuditContext(catalog);
        List<RoleAudit> roles = audited.entrySet().stream()
                .map(e -> RoleAudit.of(e.getKey().name(), e.getKey().login(), e.getValue().stream().sorted().toList(),
                        findings(ctx, e.getKey(), !e.getValue().isEmpty())))
                .sorted(Comparator.comparing((RoleAudit r) -> !r.agent()).thenComparing(RoleAudit::role))
                .toList();
        missingAgentRoles.sort(null);
        return AccessAuditReport.of(databaseName, server, catalog.serverVersion(), missingAgentRoles, roles);
    }

    private static final Comparator<Finding> WORST_FIRST = Comparator.comparing((Finding f) -> !f.writePath())
            .thenComparing(Finding::severity).thenComparing(Finding::pathText);

    static List<Finding> findings(AuditContext ctx, Role role, boolean agent) {
        Reach reach = ctx.graph.reach(role, false);
        if (role.superuser()) return List.of(AttributeRule.superuser(ctx, reach));
        List<Finding> out = new ArrayList<>();
        for (AuditRule rule : AuditRule.ALL) rule.inspect(ctx, reach, out);
        boolean writes = out.stream().anyMatch(Finding::writePath);
        HardeningRule.inspect(ctx.catalog, role, agent || !writes, out);
        return out.stream().distinct().sorted(WORST_FIRST).toList();
    }
}
