package dev.bulwark.pitr;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;

/**
 * Writes the time into a one-row table on production every few seconds, so that a restored copy
 * says how recent its data is: the newest heartbeat in it is the last moment the copy has, and the
 * distance to when the restore was asked for is the data that would have been lost (measured RPO).
 */
public final class Heartbeat {
    public static final String TABLE = "bulwark.heartbeat";

    private Heartbeat() {}

    public static void ensureTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS bulwark");
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id int PRIMARY KEY CHECK (id = 1), beat_at timestamptz NOT NULL)");
        }
    }

    /** One beat: the server's clock, so the row's time is the commit's and not this machine's. */
    public static Instant beat(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("INSERT INTO " + TABLE + " VALUES (1, clock_timestamp()) "
                + "ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at RETURNING beat_at")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** Beats every {@code every} until {@code keepGoing} says stop; returns how many beats were written. */
    public static long run(PgUrl url, Duration every, BooleanSupplier keepGoing) {
        long beats = 0;
        try (Connection c = Connections.open(url, "heartbeat")) {
            ensureTable(c);
            while (keepGoing.getAsBoolean()) {
                beat(c);
                beats++;
                Thread.sleep(every.toMillis());
            }
        } catch (SQLException e) {
            throw BulwarkException.environment("heartbeat on " + url.redacted() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return beats;
    }

    /** The newest heartbeat in a database, if it has the table. */
    public static Optional<Instant> newest(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT max(beat_at) FROM " + TABLE)) {
            rs.next();
            return Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) return Optional.empty();
            throw e;
        }
    }
}
