package dev.bulwark.gate.impact;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.bulwark.gate.sql.SqlStatement;
import dev.bulwark.gate.sql.StatementSplitter;
import dev.bulwark.gate.sql.Token;

/**
 * The impact preview of a held change request, computed without changing anything.
 *
 * <p>Everything runs in one transaction that is READ ONLY (checked, not assumed) and always rolled
 * back, with a short statement_timeout (a preview must not keep a request waiting) and lock_timeout
 * (EXPLAIN of DML takes the statement's ROW EXCLUSIVE lock while planning; we would rather fail the
 * preview than queue behind, and in front of, someone's ALTER TABLE). Each statement runs in its
 * own savepoint, so one failing EXPLAIN does not stop the others.
 *
 * <p>Only DML ever reaches the server, and only behind a plain EXPLAIN; DDL is previewed from the
 * catalog. A failure is recorded in {@link Impact#error()}, never thrown: the request is created anyway.
 *
 * <p>Statements are previewed one by one against the current schema, so a statement that depends on an
 * earlier one in the same string (CREATE TABLE t; INSERT INTO t ...) reports the error EXPLAIN gives.
 */
public final class ImpactPreview {
    static final String STATEMENT_TIMEOUT = "5s";
    static final String LOCK_TIMEOUT = "1s";

    private ImpactPreview() {
    }

    /**
     * Previews {@code sql} (one or more statements) on {@code readOnly}, a connection that should not be in
     * a transaction: the preview begins its own and rolls it back, restoring the auto-commit setting.
     */
    public static Impact preview(Connection readOnly, String sql) {
        ImpactBuilder out = new ImpactBuilder();
        boolean autoCommit;
        try {
            autoCommit = readOnly.getAutoCommit();
        } catch (SQLException e) {
            return Impact.failed(message(e));
        }
        try {
            readOnly.setAutoCommit(false);
            boolean scs = begin(readOnly);
            List<SqlStatement> statements = StatementSplitter.split(sql, scs);
            if (statements.isEmpty()) out.note("no statement");
            for (int k = 0; k < statements.size(); k++) {
                out.statement(k, statements.size());
                previewOne(readOnly, statements.get(k), out);
            }
        } catch (SQLException | RuntimeException e) {
            out.error(message(e));
        } finally {
            try {
                readOnly.rollback();
                readOnly.setAutoCommit(autoCommit);
            } catch (SQLException e) {
                out.error("could not end the preview transaction: " + message(e));
            }
        }
        return out.build();
    }

    /** Starts the read-only transaction; returns standard_conforming_strings, which the lexer needs. */
    private static boolean begin(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            st.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT + "'");
            st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            try (ResultSet rs = st.executeQuery("SELECT current_setting('transaction_read_only'),"
                    + " current_setting('standard_conforming_strings')")) {
                rs.next();
                if (!"on".equals(rs.getString(1))) throw new SQLException("the preview transaction is not read-only");
                return "on".equals(rs.getString(2));
            }
        }
    }

    private static void previewOne(Connection c, SqlStatement s, ImpactBuilder out) {
        if (s.hasError()) {
            Token last = s.tokens().get(s.tokens().size() - 1);
            out.error("the server cannot scan this statement: " + last.value());
            return;
        }
        StatementShape shape = StatementShape.of(s.tokens());
        try {
            Savepoints.attempt(c, () -> {
                switch (shape.kind()) {
                    case DML -> DmlPreview.run(c, s, out);
                    case DROP_TABLE, TRUNCATE -> DdlPreview.dropOrTruncate(c, shape, out);
                    case LOCKING -> DdlPreview.locking(c, shape, out);
                    case OTHER -> out.note("no preview for this kind of statement");
                }
                return null;
            });
        } catch (SQLException e) {
            out.error(message(e));
        }
    }

    /** The server's message without pgjdbc's "Position:" line, whose offset counts our EXPLAIN prefix. */
    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.strip().lines().findFirst().orElse("");
    }
}
