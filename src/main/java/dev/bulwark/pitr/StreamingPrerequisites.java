package dev.bulwark.pitr;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgUrl;

/**
 * What a server must allow before wal-stream can receive its WAL, checked over an ordinary
 * connection so that each missing piece gets its own message and fix (a refused walsender
 * connection says less): a role with REPLICATION, wal_level above minimal, a free WAL sender, and
 * the physical slot, created on request.
 */
final class StreamingPrerequisites {
    private StreamingPrerequisites() {}

    /** Checks the server and the slot; returns the server's WAL segment size. */
    static long check(PgUrl url, String slot, boolean createSlot) {
        try (Connection c = Connections.open(url, "wal-stream"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, rolsuper OR rolreplication, current_setting('wal_level'), "
                     + "current_setting('max_wal_senders')::int, pg_size_bytes(current_setting('wal_segment_size')) "
                     + "FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            String role = rs.getString(1);
            if (!rs.getBoolean(2)) {
                throw BulwarkException.environment("role '" + role + "' may not stream WAL from " + url.redacted() + ": it has "
                        + "neither the REPLICATION nor the SUPERUSER attribute. As a superuser: ALTER ROLE " + Identifiers.quote(role)
                        + " REPLICATION; or give wal-stream the URL of a role that has it");
            }
            if (rs.getString(3).equals("minimal")) {
                throw BulwarkException.environment(url.redacted() + " has wal_level = minimal, which streams no WAL: "
                        + "ALTER SYSTEM SET wal_level = replica; then restart the server");
            }
            if (rs.getInt(4) < 1) {
                throw BulwarkException.environment(url.redacted() + " has max_wal_senders = 0, so it accepts no replication "
                        + "connection: ALTER SYSTEM SET max_wal_senders = 10; then restart the server");
            }
            long segmentSize = rs.getLong(5);
            if (slot != null) ensureSlot(c, url, slot, createSlot);
            return segmentSize;
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot check " + url.redacted() + " for wal-stream: " + e.getMessage(), e);
        }
    }

    private static void ensureSlot(Connection c, PgUrl url, String slot, boolean create) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT slot_type FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(1).equals("physical")) {
                        throw BulwarkException.usage("replication slot '" + slot + "' on " + url.redacted() + " is a "
                                + rs.getString(1) + " slot; wal-stream needs a physical one (choose another --slot name)");
                    }
                    return;
                }
            }
        }
        if (!create) {
            throw BulwarkException.usage("there is no replication slot '" + slot + "' on " + url.redacted() + "; add --create-slot "
                    + "to create it (it keeps the server from removing WAL wal-stream has not received: watch its disk use)");
        }
        // immediately_reserve: the server keeps WAL from now on, before the first connection of the stream.
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_physical_replication_slot(?, true)")) {
            ps.setString(1, slot);
            ps.execute();
        }
    }
}
