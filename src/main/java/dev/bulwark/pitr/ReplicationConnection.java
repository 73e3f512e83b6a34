package dev.bulwark.pitr;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.physical.ChainedPhysicalStreamBuilder;

import dev.bulwark.postgres.PgUrl;

/**
 * A walsender connection through pgjdbc ({@code replication=database}: pg_hba.conf lines for the
 * database apply, not only {@code replication} lines), with the replication commands wal-stream
 * needs. Walsenders speak the simple query protocol only.
 */
final class ReplicationConnection implements AutoCloseable {
    /** IDENTIFY_SYSTEM: which cluster, which timeline, and how far its WAL is flushed. */
    record SystemIdentity(String systemIdentifier, int timeline, long flushLsn) {}

    private final Connection connection;

    private ReplicationConnection(Connection connection) {
        this.connection = connection;
    }

    static ReplicationConnection open(PgUrl url) throws SQLException {
        Properties p = url.jdbcProperties();
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        return new ReplicationConnection(DriverManager.getConnection(url.jdbcUrl(), p));
    }

    SystemIdentity identifySystem() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
            rs.next();
            return new SystemIdentity(rs.getString("systemid"), rs.getInt("timeline"), Lsn.parse(rs.getString("xlogpos")));
        }
    }

    /** The content of a timeline's history file, as the server has it. */
    byte[] timelineHistory(int timeline) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("TIMELINE_HISTORY " + timeline)) {
            rs.next();
            return rs.getBytes(2);
        }
    }

    /** Where a physical slot keeps WAL from, if it exists and has reserved some. */
    Optional<Long> slotRestartLsn(String slot) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT restart_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(Lsn.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** START_REPLICATION PHYSICAL on the server's current timeline. */
    PGReplicationStream startPhysical(long lsn, String slot) throws SQLException {
        ChainedPhysicalStreamBuilder builder = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream().physical()
                .withStartPosition(LogSequenceNumber.valueOf(lsn))
                // Feedback is also sent after every flush; this keeps the walsender's timeout away when nothing is written.
                .withStatusInterval(10, TimeUnit.SECONDS);
        if (slot != null) builder = builder.withSlotName(slot);
        return builder.start();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the server is gone already; nothing to release
        }
    }
}
