package dev.bulwark.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/** Who a server is: version, cluster identity and the database we are in. */
public record ServerInfo(int versionNum, String version, String systemIdentifier, String database, String encoding) {

    public int major() {
        return versionNum / 10000;
    }

    public static ServerInfo of(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version'), "
                     + "current_database(), current_setting('server_encoding')")) {
            rs.next();
            return new ServerInfo(rs.getInt(1), rs.getString(2), systemIdentifier(c), rs.getString(3), rs.getString(4));
        }
    }

    /** The cluster's identity, or null where the role may not read it (managed services). */
    private static String systemIdentifier(Connection c) throws SQLException {
        Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            String id = rs.getString(1);
            if (savepoint != null) c.releaseSavepoint(savepoint);
            return id;
        } catch (SQLException e) {
            if (savepoint != null) c.rollback(savepoint);
            return null;
        }
    }
}
