package dev.bulwark.rehearse.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.bulwark.rehearse.catalog.Layout;
import dev.bulwark.rehearse.catalog.TableCount;
import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

/**
 * Runs one statement and records what it did. A statement that psql would run in autocommit runs here
 * in a transaction of Bulwark's (BEGIN, the statement, COMMIT: the same locks for the same time), so that
 * before the commit Bulwark can read which locks it took and which tables and columns it dropped, and can
 * roll it back to count what it destroyed when that is not known from the backup. Inside the file's own
 * transaction block a savepoint does the same. A statement that refuses to run inside a transaction block
 * (CREATE INDEX CONCURRENTLY, VACUUM) is retried on its own, as psql would have sent it.
 */
final class StatementStep {
    /** active_sql_transaction and invalid_transaction_termination: "cannot run inside a transaction block". */
    private static final Set<String> NEEDS_NO_TRANSACTION = Set.of("25001", "2D000");
    private static final int MAX_NOTICES = 10;

    private enum Mode { WRAPPED, SAVEPOINT, NONE }

    private record Attempt(long nanos, Long rows, List<String> notices, SQLException error) {}

    private final Connection session;
    private final Probes probes;
    private final LockSampler sampler;
    private final Ledger ledger;

    StatementStep(Connection session, Probes probes, LockSampler sampler, Ledger ledger) {
        this.session = session;
        this.probes = probes;
        this.sampler = sampler;
        this.ledger = ledger;
    }

    /** Runs the statement; false when it failed and the rehearsal stops. */
    boolean run(ScriptStatement s) throws SQLException {
        boolean control = s.shape() instanceof Shape.Transaction;
        Mode mode = control ? Mode.NONE
                : probes.transactionState() == TransactionState.OPEN ? Mode.SAVEPOINT
                : StatementKinds.refusesTransactionBlock(s.shape()) ? Mode.NONE : Mode.WRAPPED;
        Layout before = StatementKinds.mayDropOrRewrite(s.shape()) ? probes.layout() : null;
        Map<Long, Long> altered = probes.valuesAlteredByTypeChange(s, before);
        Attempt attempt = attempt(s, mode);
        if (attempt.error() != null && mode == Mode.WRAPPED && NEEDS_NO_TRANSACTION.contains(attempt.error().getSQLState())) {
            mode = Mode.NONE;
            attempt = attempt(s, mode);
        }
        long nanos = attempt.nanos();
        SQLException error = attempt.error();
        Layout after = null;
        if (error == null && mode != Mode.NONE) {
            Ledger.Mark beforeLosses = ledger.mark(null);
            Observed seen = observeBeforeCommit(s, mode, before);
            after = seen.after();
            error = seen.error();
            if (error == null) {
                long t = System.nanoTime();
                error = end(mode);
                nanos += System.nanoTime() - t;
                if (error != null) ledger.undoTo(beforeLosses); // the COMMIT failed (a deferred constraint): nothing of it stays
            }
        } else if (error == null) {
            if (!control && !StatementKinds.rowNeutral(s.shape())) ledger.writesKnown = false;
            after = before == null ? null : probes.layout();
            Vanished.of(before, after).record(s.number(), ledger, Map.of());
        }
        sampler.leave();
        double ms = Math.round(nanos / 100_000.0) / 10.0;
        ledger.runs.add(new StatementRun(s.number(), s.file(), s.line(), s.sql(), ms, attempt.rows(), context(mode, control),
                attempt.notices(), error != null));
        if (error != null) {
            ledger.failure = failure(s, error);
            return false;
        }
        if (s.shape() instanceof Shape.Transaction t) ledger.transactionControl(t);
        if (before != null && after != null) {
            Rewrites.record(s, before, after, ms, ledger);
            Rewrites.recordAlteredValues(s, before, after, altered, ledger);
        }
        return true;
    }

    private record Observed(Layout after, SQLException error) {}

    /**
     * Still inside the statement's transaction: the locks it holds, what it dropped (counted just before it
     * when the backup's counts no longer hold), with the sampler paused so that this time is not lock time.
     */
    private Observed observeBeforeCommit(ScriptStatement s, Mode mode, Layout before) throws SQLException {
        sampler.pause();
        try {
            Set<HeldLock> locks = probes.ownLocks();
            Layout after = before == null ? null : probes.layout();
            Map<Long, TableCount> counted = new HashMap<>();
            Set<Long> recount = Vanished.of(before, after).tablesToCount(ledger);
            SQLException error = null;
            if (!recount.isEmpty()) {
                error = countBeforeStatement(s, mode, recount, counted);
                locks = probes.ownLocks();
                after = probes.layout();
            }
            // losses first: "written earlier" must not include this statement's own locks
            if (error == null) Vanished.of(before, after).record(s.number(), ledger, counted);
            if (locks != null) ledger.locksAfter(s.number(), locks);
            return new Observed(after, error);
        } finally {
            sampler.resume();
        }
    }

    private Attempt attempt(ScriptStatement s, Mode mode) throws SQLException {
        begin(mode);
        sampler.enter(s.number());
        long t0 = System.nanoTime();
        Long rows = null;
        List<String> notices = new ArrayList<>();
        SQLException error = null;
        try (Statement st = session.createStatement()) {
            st.setEscapeProcessing(false);
            boolean result = st.execute(s.sql());
            while (true) {
                if (!result) {
                    int count = st.getUpdateCount();
                    if (count < 0) break;
                    if (count > 0 || s.shape() instanceof Shape.Modify) rows = (long) count;
                }
                result = st.getMoreResults();
            }
            for (SQLWarning w = st.getWarnings(); w != null && notices.size() < MAX_NOTICES; w = w.getNextWarning()) {
                notices.add(w.getMessage());
            }
        } catch (SQLException e) {
            error = e;
        }
        long nanos = System.nanoTime() - t0;
        if (error != null && mode == Mode.WRAPPED) quietly("ROLLBACK");
        return new Attempt(nanos, rows, notices, error);
    }

    /**
     * Rolls the statement back, counts the tables it drops from (they were written earlier, so the backup's
     * counts no longer hold) and runs it again; the first run's time and locks are the ones reported.
     */
    private SQLException countBeforeStatement(ScriptStatement s, Mode mode, Set<Long> tables,
                                              Map<Long, TableCount> counted) throws SQLException {
        try (Statement st = session.createStatement()) {
            st.execute(mode == Mode.WRAPPED ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT bulwark_statement");
        }
        for (long oid : tables) {
            var count = probes.count(oid);
            if (count != null) counted.put(oid, count);
        }
        if (mode == Mode.WRAPPED) begin(mode);
        try (Statement st = session.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(s.sql());
            return null;
        } catch (SQLException e) {
            if (mode == Mode.WRAPPED) quietly("ROLLBACK");
            return e;
        }
    }

    private void begin(Mode mode) throws SQLException {
        if (mode == Mode.NONE) return;
        try (Statement st = session.createStatement()) {
            st.execute(mode == Mode.WRAPPED ? "BEGIN" : "SAVEPOINT bulwark_statement");
        }
    }

    /** COMMIT of Bulwark's own transaction (deferred constraints are checked here) or the savepoint's release. */
    private SQLException end(Mode mode) {
        try (Statement st = session.createStatement()) {
            st.execute(mode == Mode.WRAPPED ? "COMMIT" : "RELEASE SAVEPOINT bulwark_statement");
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private void quietly(String sql) {
        try (Statement st = session.createStatement()) {
            st.execute(sql);
        } catch (SQLException ignored) {
            // the session reports its state on the next statement
        }
    }

    private static String context(Mode mode, boolean control) {
        return switch (mode) {
            case WRAPPED -> "autocommit";
            case SAVEPOINT -> "transaction";
            case NONE -> control ? "transaction control" : "no transaction";
        };
    }

    private static Failure failure(ScriptStatement s, SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null) {
            return new Failure(s.number(), s.file(), s.line(), s.line(), s.sql(), e.getSQLState(), e.getMessage(), null, null, null);
        }
        int line = m.getPosition() > 0 ? s.lineOf(m.getPosition()) : s.line();
        return new Failure(s.number(), s.file(), s.line(), line, s.sql(), m.getSQLState(), m.getMessage(), m.getDetail(), m.getHint(),
                Failure.environmentNote(m.getSQLState(), m.getMessage()));
    }
}
