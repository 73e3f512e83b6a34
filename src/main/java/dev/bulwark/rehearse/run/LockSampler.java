package dev.bulwark.rehearse.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the table locks of one backend from a second connection: every few milliseconds it reads
 * pg_locks for that backend's pid and keeps, per table and mode, when the lock was first and last seen.
 * A lock held for less than one interval may be missed; the runner's own end-of-statement snapshot
 * (inside the statement's transaction) names those. While the runner measures something itself, the
 * sampler pauses, and that time is not counted as time a lock was held.
 */
final class LockSampler implements AutoCloseable {
    private static final String LOCKS = "SELECT l.relation::bigint, l.mode, n.nspname, c.relname FROM pg_locks l "
            + "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE l.pid = ? AND l.locktype = 'relation' AND l.granted AND c.relkind IN ('r', 'p', 'm') "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'";

    private final Connection connection;
    private final PreparedStatement query;
    private final long intervalNanos;
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Map<HeldLock, Open> open = new HashMap<>();
    private final List<LockHold> closed = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int currentStatement;
    private volatile int lastStatement;
    private boolean paused;
    private long pausedAt;
    private SQLException failure;

    private static final class Open {
        final long first;
        final int firstStatement;
        long last;
        int lastStatement;
        long paused;

        Open(long now, int statement) {
            first = now;
            last = now;
            firstStatement = statement;
            lastStatement = statement;
        }
    }

    LockSampler(Connection connection, int pid, double intervalMs) throws SQLException {
        this.connection = connection;
        this.query = connection.prepareStatement(LOCKS);
        this.query.setInt(1, pid);
        this.intervalNanos = (long) (intervalMs * 1_000_000);
        this.thread = Thread.ofPlatform().daemon().name("rehearse-lock-sampler").start(this::loop);
    }

    /** The statement with this number starts running. */
    void enter(int statement) {
        currentStatement = statement;
        lastStatement = statement;
    }

    void leave() {
        currentStatement = 0;
    }

    synchronized void pause() {
        if (paused) return;
        paused = true;
        pausedAt = System.nanoTime();
    }

    synchronized void resume() {
        if (!paused) return;
        long d = System.nanoTime() - pausedAt;
        open.values().forEach(o -> o.paused += d);
        paused = false;
    }

    private void loop() {
        while (running) {
            synchronized (this) {
                if (!paused) sample();
            }
            LockSupport.parkNanos(intervalNanos);
        }
    }

    /** Runs under the monitor, so pause() waits for a sample in flight rather than racing it. */
    private void sample() {
        Set<HeldLock> seen = new HashSet<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                HeldLock lock = new HeldLock(rs.getLong(1), LockModes.display(rs.getString(2)));
                seen.add(lock);
                names.putIfAbsent(lock.oid(), rs.getString(3) + "." + rs.getString(4));
            }
        } catch (SQLException e) {
            failure = e;
            running = false;
            return;
        }
        long now = System.nanoTime();
        int statement = currentStatement != 0 ? currentStatement : lastStatement;
        for (HeldLock lock : seen) {
            Open o = open.computeIfAbsent(lock, l -> new Open(now, statement));
            o.last = now;
            o.lastStatement = statement;
        }
        for (Iterator<Map.Entry<HeldLock, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<HeldLock, Open> e = it.next();
            if (!seen.contains(e.getKey())) {
                closed.add(hold(e.getKey(), e.getValue()));
                it.remove();
            }
        }
    }

    private static LockHold hold(HeldLock lock, Open o) {
        return new LockHold(lock, o.first, o.last, o.paused, o.firstStatement, o.lastStatement);
    }

    /** Names (schema.table) of the tables seen locked, by oid. */
    Map<Long, String> names() {
        return names;
    }

    /** Why sampling stopped early, or null. */
    SQLException failure() {
        return failure;
    }

    /** Stops sampling; returns every hold seen. */
    List<LockHold> finish() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            open.forEach((lock, o) -> closed.add(hold(lock, o)));
            open.clear();
            return List.copyOf(closed);
        }
    }

    @Override
    public void close() {
        finish();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the sampler's session only read pg_locks
        }
    }
}
