package dev.bulwark.gate.impact;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs one probe inside a savepoint of the preview's read-only transaction. A failed probe (syntax
 * error, missing table, permission, timeout) aborts only to the savepoint, so the next statement or
 * look-up still runs. Savepoints are allowed in a read-only transaction.
 */
final class Savepoints {
    interface Probe<T> {
        T run() throws SQLException;
    }

    private static final String NAME = "bulwark_impact";

    private Savepoints() {
    }

    static <T> T attempt(Connection c, Probe<T> probe) throws SQLException {
        exec(c, "SAVEPOINT " + NAME);
        T result;
        try {
            result = probe.run();
        } catch (SQLException | RuntimeException e) {
            exec(c, "ROLLBACK TO SAVEPOINT " + NAME);
            exec(c, "RELEASE SAVEPOINT " + NAME);
            throw e;
        }
        exec(c, "RELEASE SAVEPOINT " + NAME);
        return result;
    }

    /** Like {@link #attempt} but a failed probe yields null: for optional facts such as an exact count. */
    static <T> T attemptOrNull(Connection c, Probe<T> probe) throws SQLException {
        try {
            return attempt(c, probe);
        } catch (SQLException e) {
            return null;
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
