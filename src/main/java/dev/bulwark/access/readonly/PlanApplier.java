package dev.bulwark.access.readonly;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.postgresql.PGConnection;

import dev.bulwark.BulwarkException;
import dev.bulwark.access.readonly.PlanStep.SetPassword;
import dev.bulwark.access.readonly.PlanStep.Sql;

/** Runs the plan in one transaction: every statement or none. */
final class PlanApplier {
    private PlanApplier() {}

    /** Returns how many steps ran; on the first failure rolls back and says which step failed and PostgreSQL's message. */
    static int apply(Connection c, RolePlan plan, Secret password) throws SQLException {
        List<PlanStep> steps = plan.steps();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (int i = 0; i < steps.size(); i++) {
                try {
                    run(c, st, steps.get(i), password);
                } catch (SQLException e) {
                    throw failed(c, "statement " + (i + 1) + " of " + steps.size() + " failed:\n  " + steps.get(i).display(), e);
                }
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw failed(c, "COMMIT failed", e);
            }
            return steps.size();
        }
    }

    private static void run(Connection c, Statement st, PlanStep step, Secret password) throws SQLException {
        switch (step) {
            case Sql sql -> st.execute(sql.sql());
            case SetPassword p -> {
                if (password == null) throw new IllegalStateException("a new role needs a password");
                // pgjdbc computes the verifier (SCRAM-SHA-256 unless the server's password_encryption says md5)
                c.unwrap(PGConnection.class).alterUserPassword(p.role(), password.reveal().toCharArray(), null);
            }
        }
    }

    private static BulwarkException failed(Connection c, String what, SQLException e) {
        rollbackQuietly(c);
        return BulwarkException.environment("nothing was changed (the transaction was rolled back): " + what
                + "\n  ERROR " + SqlErrors.state(e) + ": " + SqlErrors.message(e));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolls the transaction back on its own
        }
    }
}
