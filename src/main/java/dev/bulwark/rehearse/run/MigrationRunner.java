package dev.bulwark.rehearse.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.postgresql.core.TransactionState;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.rehearse.catalog.Baseline;
import dev.bulwark.rehearse.script.Migration;
import dev.bulwark.rehearse.script.MigrationSet;
import dev.bulwark.rehearse.script.ScriptStatement;

/**
 * Runs the migrations on the clone the way psql runs files: one session per file, each statement sent on
 * its own with the simple query protocol, in autocommit unless the file opened a transaction block. The
 * first failing statement stops the rehearsal. A second session samples the first one's locks.
 */
public final class MigrationRunner {
    private final PgUrl clone;
    private final double sampleMs;
    private final Ledger ledger;

    public MigrationRunner(PgUrl clone, Baseline baseline, double sampleMs) {
        this.clone = clone;
        this.sampleMs = sampleMs;
        this.ledger = new Ledger(baseline);
    }

    public Execution run(MigrationSet set) {
        for (Migration m : set.migrations()) {
            if (ledger.failure != null) break;
            try {
                runFile(m);
            } catch (SQLException e) {
                throw BulwarkException.environment("the rehearsal of " + m.file() + " lost its database session: " + e.getMessage(), e);
            }
        }
        return ledger.execution();
    }

    private void runFile(Migration m) throws SQLException {
        try (Connection session = connect("bulwark-rehearse", true)) {
            LockSampler sampler = new LockSampler(connect("bulwark-rehearse-locks", false), pid(session), sampleMs);
            Probes probes = new Probes(session);
            try {
                for (ScriptStatement s : m.statements()) {
                    if (!new StatementStep(session, probes, sampler, ledger).run(s)) break;
                }
                if (probes.transactionState() != TransactionState.IDLE) {
                    try (Statement st = session.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                    ledger.rollbackOpenTransaction();
                    if (ledger.failure == null) {
                        ledger.notes.add(m.file() + " ends inside a transaction block: it was rolled back, as it is when psql's "
                                + "session ends");
                    }
                }
            } finally {
                ledger.holds.addAll(sampler.finish());
                sampler.names().forEach(ledger.names::putIfAbsent);
                if (sampler.failure() != null) {
                    ledger.notes.add("lock sampling of " + m.file() + " stopped early: " + sampler.failure().getMessage());
                }
                sampler.close();
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** With {@code simple}, psql's protocol: every statement as one simple query, its text sent as written. */
    private Connection connect(String applicationName, boolean simple) throws SQLException {
        Properties p = clone.jdbcProperties();
        p.setProperty("ApplicationName", applicationName);
        if (simple) p.setProperty("preferQueryMode", "simple");
        Connection c = DriverManager.getConnection(clone.jdbcUrl(), p);
        c.setAutoCommit(true);
        return c;
    }
}
