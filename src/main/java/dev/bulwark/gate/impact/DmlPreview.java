package dev.bulwark.gate.impact;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import dev.bulwark.gate.sql.SqlStatement;

/**
 * Previews INSERT/UPDATE/DELETE/MERGE (also inside WITH) with plain EXPLAIN. Without ANALYZE the
 * statement is planned, not executed, and the executor skips its read-only check for EXPLAIN, so it
 * runs in the read-only transaction. EXPLAIN does check privileges like the statement itself, so a
 * SELECT-only role gets "permission denied"; for a plain UPDATE/DELETE we then EXPLAIN the equivalent
 * SELECT ({@link SelectRewrite}) instead.
 */
final class DmlPreview {
    static final double ALL_ROWS_PERCENT = 90.0;

    private DmlPreview() {
    }

    static void run(Connection c, SqlStatement s, ImpactBuilder out) throws SQLException {
        for (String verb : TokenScan.verbsWithoutWhere(s.tokens())) {
            out.flag("no WHERE clause");
            out.note(verb + " without a WHERE clause changes every row of its table");
        }
        List<PlanWalker.Target> targets;
        try {
            targets = Savepoints.attempt(c, () -> PlanWalker.modifyTables(explain(c, "EXPLAIN (VERBOSE, FORMAT JSON) " + s.text())));
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState()) || !fallback(c, s, out)) throw e;
            return;
        }
        if (targets.isEmpty()) out.note("the plan changes no table");
        for (PlanWalker.Target t : targets) {
            Optional<TableStats.Table> table = TableStats.byName(c, t.schema(), t.relation());
            String name = table.map(TableStats.Table::name).orElse(t.schema() == null ? t.relation() : t.schema() + "." + t.relation());
            add(out, TableImpact.of(name, t.operation(), t.rows(), table.map(TableStats.Table::rows).orElse(null)));
            table.filter(x -> !x.exact()).ifPresent(x -> out.note(x.name() + ": table rows " + x.rowsText() + " from statistics"));
        }
    }

    private static void add(ImpactBuilder out, TableImpact t) {
        out.table(t);
        boolean changesRows = t.action().equals("UPDATE") || t.action().equals("DELETE") || t.action().equals("MERGE");
        if (changesRows && t.sharePercent() != null && t.sharePercent() >= ALL_ROWS_PERCENT) out.flag("touches all rows");
    }

    /** Estimates a plain UPDATE/DELETE from its SELECT twin; false if the statement has no such twin. */
    private static boolean fallback(Connection c, SqlStatement s, ImpactBuilder out) throws SQLException {
        Optional<SelectRewrite> rewrite = SelectRewrite.of(s);
        if (rewrite.isEmpty()) return false;
        Optional<TableStats.Table> table = TableStats.resolve(c, rewrite.get().target());
        if (table.isEmpty()) return false;
        long rows = Savepoints.attempt(c, () -> PlanWalker.topRows(explain(c, "EXPLAIN (FORMAT JSON) " + rewrite.get().select())));
        add(out, TableImpact.of(table.get().name(), rewrite.get().verb(), rows, table.get().rows()));
        out.note("estimated from the equivalent SELECT: this role may not EXPLAIN the " + rewrite.get().verb() + " itself");
        return true;
    }

    static String explain(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            // The text goes to the server exactly as the agent wrote it: no JDBC {escape} rewriting.
            st.setEscapeProcessing(false);
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
