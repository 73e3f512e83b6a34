package dev.bulwark.gate.approval;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;

/**
 * The store as tables in the {@code bulwark} schema of a PostgreSQL control database, for
 * deployments where several gates and approvers' machines share one store. The role in the URL
 * owns that schema (or may create it on first use); it needs nothing else in that database.
 */
final class PostgresStoreDatabase extends StoreDatabase {
    static final String SCHEMA = "bulwark";
    /** Serialises first-time creation of the schema and tables by processes that start together ("bulwark"). */
    private static final long SCHEMA_LOCK = 0x62756c7761726bL;

    private final PgUrl url;

    PostgresStoreDatabase(PgUrl url, String component, String label) {
        super(component, label);
        this.url = withStoreSettings(url);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    /**
     * Only the schema is on the search path: unqualified table names cannot resolve to look-alike
     * tables someone else created in {@code public}.
     */
    @Override
    Connection connect() {
        Connection connection = Connections.open(url, "approvals and audit store");
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            return connection;
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the first error is what matters
            }
            throw BulwarkException.environment("cannot use the control database " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writers of a component first lock its row in {@code schema_version}: like SQLite's
     * {@code BEGIN IMMEDIATE}, every read-check-write then runs after the previous writer's commit
     * and sees it (READ COMMITTED takes a fresh snapshot per statement), in whatever process it ran.
     * Readers get one REPEATABLE READ snapshot, so a chain walk and the head it ends at agree.
     */
    @Override
    void begin(Connection connection, Mode mode) throws SQLException {
        try (Statement s = connection.createStatement()) {
            switch (mode) {
                case READ -> s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                case WRITE -> {
                    s.execute("BEGIN ISOLATION LEVEL READ COMMITTED");
                    lockComponent(connection);
                }
                case SCHEMA -> {
                    s.execute("BEGIN ISOLATION LEVEL READ COMMITTED");
                    s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                    createSchemaIfMissing(connection, s);
                }
            }
        }
    }

    @Override
    boolean connectionLost(SQLException e) {
        // 08: connection exceptions; 57P: the server shut down or terminated this backend
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /**
     * Connection settings of our own on top of the URL's. Server error details quote whole rows
     * ("Failing row contains …") and pgjdbc quotes batch parameters: either could put a TOTP secret
     * or an agent's SQL into an error message. A batch of audit entries goes as multi-row INSERTs.
     */
    private static PgUrl withStoreSettings(PgUrl url) {
        Map<String, String> params = new HashMap<>(url.params());
        params.put("logServerErrorDetail", "false");
        params.put("reWriteBatchedInserts", "true");
        return new PgUrl(url.host(), url.port(), url.database(), url.user(), url.password(), params);
    }

    private void lockComponent(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT version FROM schema_version WHERE component = ? FOR UPDATE")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw BulwarkException.environment("the " + component + " tables are missing from the control database "
                            + url.redacted() + " (schema " + SCHEMA + "); restore it from a backup rather than starting empty");
                }
            }
        }
    }

    /** Checked first because CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when it exists. */
    private static void createSchemaIfMissing(Connection connection, Statement s) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        s.execute("CREATE SCHEMA " + SCHEMA);
    }
}
