package dev.bulwark.gate.approval;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.StoreLocation;

/**
 * One component's connection to the approvals-and-audit store (a SQLite file or a PostgreSQL
 * control database) and the little that differs between the two: how a connection is opened,
 * how a transaction begins, and a few column types. Everything else (tables, queries, the schema
 * version check) is shared SQL, so both stores behave the same.
 *
 * <p>Write transactions of a component are serialised across processes: a read-check-write (a
 * TOTP step, an approval count, the audit head) never interleaves with another writer's. Read
 * transactions see one consistent snapshot. Not thread-safe: the components synchronise calls.
 */
public abstract sealed class StoreDatabase implements AutoCloseable permits SqliteStoreDatabase, PostgresStoreDatabase {
    /** Fixed width, so times stored as text sort and compare correctly in SQL. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Work inside a transaction; may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** What kind of transaction to begin. */
    enum Mode { READ, WRITE, SCHEMA }

    /** The SQL that differs between the stores: column types and the audit log's triggers. */
    public enum Dialect {
        /** SQLite's INTEGER is already 64-bit, and INTEGER PRIMARY KEY makes the column the rowid. */
        SQLITE("INTEGER"),
        /** PostgreSQL's INTEGER is 32-bit. */
        POSTGRESQL("BIGINT");

        private final String bigint;

        Dialect(String bigint) {
            this.bigint = bigint;
        }

        /** The column type of a 64-bit integer (sequence numbers, TOTP steps). */
        public String bigint() {
            return bigint;
        }
    }

    /** Which component's tables this connection serves ("approvals", "audit"): the unit of locking and versioning. */
    final String component;
    private final String label;
    private Connection connection;

    StoreDatabase(String component, String label) {
        this.component = component;
        this.label = label;
    }

    /**
     * Opens {@code component}'s connection to the store at {@code location}; {@code label} names it
     * in errors ("audit log FILE"). {@code durable} asks a SQLite file to sync every commit to disk.
     */
    public static StoreDatabase open(StoreLocation location, String component, String label, boolean durable) {
        StoreDatabase db = switch (location) {
            case StoreLocation.SqliteFile f -> new SqliteStoreDatabase(f.file(), component, label, durable);
            case StoreLocation.ControlDatabase d -> new PostgresStoreDatabase(d.url(), component, label);
        };
        db.connection = db.connect();
        return db;
    }

    public abstract Dialect dialect();

    /** The connection the current transaction runs on. */
    public Connection connection() {
        if (connection == null) {
            connection = connect();
        }
        return connection;
    }

    /**
     * Creates the component's tables on first use and records its schema version; refuses a store
     * whose version for the component is newer than this code knows.
     */
    public void ensureSchema(int version, String... ddl) {
        ensureSchema(version, List.of(ddl), List.of());
    }

    /**
     * Creates the component's tables on first use with {@code firstVersion} (the statements of
     * schema version 1) followed by every upgrade, or brings an older store up to date with the
     * upgrades it lacks; {@code upgrades.get(i)} turns version i + 1 into i + 2. A fresh store and an
     * upgraded one are thus built by the very same statements. Refuses a store whose version for the
     * component is newer than this code knows.
     */
    public void ensureSchema(List<String> firstVersion, List<List<String>> upgrades) {
        ensureSchema(1, firstVersion, upgrades);
    }

    /** {@code ddl} creates schema version {@code base}; {@code upgrades.get(i)} turns base + i into base + i + 1. */
    private void ensureSchema(int base, List<String> ddl, List<List<String>> upgrades) {
        int version = base + upgrades.size();
        run(Mode.SCHEMA, () -> {
            Integer found = storedVersion();
            if (found != null && found > version) {
                throw BulwarkException.environment("the " + component + " tables in " + label + " have schema version "
                        + found + " but this Bulwark knows only up to " + version + "; upgrade Bulwark");
            }
            if (found != null && found == version) {
                return null;
            }
            List<String> statements = new ArrayList<>(found == null ? ddl : List.of());
            for (List<String> upgrade : upgrades.subList(found == null ? 0 : found - base, upgrades.size())) {
                statements.addAll(upgrade);
            }
            try (Statement s = connection().createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement ps = connection().prepareStatement(found == null
                    ? "INSERT INTO schema_version (version, component) VALUES (?, ?)"
                    : "UPDATE schema_version SET version = ? WHERE component = ?")) {
                ps.setInt(1, version);
                ps.setString(2, component);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Runs {@code work} in a write transaction, serialised with every other writer of this component. */
    public <T> T write(SqlWork<T> work) {
        return run(Mode.WRITE, work);
    }

    /** Runs {@code work} on one consistent snapshot; readers never wait for writers. */
    public <T> T read(SqlWork<T> work) {
        return run(Mode.READ, work);
    }

    public static String text(Instant time) {
        return TIME.format(time);
    }

    public static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw BulwarkException.environment("closing the " + label + ": " + e.getMessage(), e);
        } finally {
            connection = null;
        }
    }

    /** A new connection, ready for {@link #begin}; failures are environment errors that name the store. */
    abstract Connection connect();

    /** Begins a transaction of {@code mode} on {@code connection}, taking whatever lock that mode needs. */
    abstract void begin(Connection connection, Mode mode) throws SQLException;

    /** True when {@code e} means the connection is gone and the next transaction should open a new one. */
    abstract boolean connectionLost(SQLException e);

    /** Inside a transaction: the component's recorded schema version, null if it has none yet. */
    Integer storedVersion() throws SQLException {
        try (Statement s = connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        }
        try (PreparedStatement ps = connection().prepareStatement("SELECT version FROM schema_version WHERE component = ?")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /**
     * The connection stays in auto-commit mode and transactions are begun with SQL on purpose: a
     * driver-managed transaction would stay open between calls. A storage failure becomes an
     * environment error that names the store.
     */
    private <T> T run(Mode mode, SqlWork<T> work) {
        try {
            Connection c = connection();
            boolean done = false;
            try {
                begin(c, mode);
                T result = work.run();
                try (Statement s = c.createStatement()) {
                    s.execute("COMMIT");
                }
                done = true;
                return result;
            } finally {
                if (!done) {
                    rollbackQuietly(c);
                }
            }
        } catch (SQLException e) {
            if (connectionLost(e)) {
                dropConnection();
            }
            throw BulwarkException.environment(label + ": " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction or the connection may already be gone; the first error is what matters
        }
    }

    private void dropConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // it is already broken
        }
        connection = null;
    }
}
