package dev.bulwark.gate.approval;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import dev.bulwark.BulwarkException;

/**
 * Opening the approvals-and-audit SQLite file the same way from every component: owner-only
 * permissions (it holds TOTP secrets), WAL so the gate can read while a CLI approves, a busy
 * timeout so two processes wait for each other instead of failing, and a per-component schema
 * version so an older Bulwark refuses a file a newer one has changed.
 */
public final class SqliteFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Fixed width, so times stored as text sort and compare correctly in SQL. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Work inside a transaction; may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    private SqliteFiles() {}

    /**
     * Opens (creating if needed) the store at {@code file}. {@code fullSync} trades speed for
     * surviving power loss; the approvals tables want it, the high-volume audit log does not.
     */
    public static Connection open(Path file, boolean fullSync) {
        createOwnerOnly(file);
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + (fullSync ? "FULL" : "NORMAL"));
                s.execute("PRAGMA foreign_keys = ON");
            }
            return connection;
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot open the approvals store " + file + ": " + e.getMessage()
                    + "; check that it is a Bulwark store and that this user may write it", e);
        }
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the write lock is taken up front,
     * so a read-check-write (a TOTP step, an approval count, the audit head) cannot interleave with
     * another process doing the same. The connection stays in auto-commit mode on purpose: the
     * driver's own transaction mode would keep a transaction open between calls.
     */
    public static <T> T inWriteTransaction(Connection connection, String store, SqlWork<T> work) {
        return translated(store, () -> inTransaction(connection, "BEGIN IMMEDIATE", work));
    }

    /** Runs {@code work} on one consistent snapshot of the file (in WAL mode readers never block writers). */
    public static <T> T inReadTransaction(Connection connection, String store, SqlWork<T> work) {
        return translated(store, () -> inTransaction(connection, "BEGIN", work));
    }

    /** A storage failure becomes an environment error that names the store ({@code store}: e.g. "audit log FILE"). */
    private static <T> T translated(String store, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw BulwarkException.environment(store + ": " + e.getMessage(), e);
        }
    }

    private static <T> T inTransaction(Connection connection, String begin, SqlWork<T> work) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(begin);
        }
        boolean done = false;
        try {
            T result = work.run();
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the transaction may already be gone (SQLite rolls back on some errors); the first error matters
                }
            }
        }
    }

    /**
     * Creates a component's tables on first use and records its schema version; refuses a file whose
     * version for the component is newer than this code knows. Run inside a write transaction.
     */
    public static void ensureSchema(Connection connection, String component, int version, String... ddl)
            throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        }
        Integer found = null;
        try (PreparedStatement ps = connection.prepareStatement("SELECT version FROM schema_version WHERE component = ?")) {
            ps.setString(1, component);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found = rs.getInt(1);
                }
            }
        }
        if (found != null && found > version) {
            throw BulwarkException.environment("the " + component + " tables have schema version " + found
                    + " but this Bulwark knows only up to " + version + "; upgrade Bulwark");
        }
        if (found == null) {
            try (Statement s = connection.createStatement()) {
                for (String statement : ddl) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO schema_version VALUES (?, ?)")) {
                ps.setString(1, component);
                ps.setInt(2, version);
                ps.executeUpdate();
            }
        }
    }

    public static String text(Instant time) {
        return TIME.format(time);
    }

    public static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static void createOwnerOnly(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean posix = Files.getFileStore(parent).supportsFileAttributeView("posix");
            try {
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException existing) {
                // opened before; tightened below in case someone loosened it
            }
            // createFile is subject to the umask and an existing file may have been chmod-ed: set it outright.
            // SQLite gives the -wal and -shm files the main file's permissions.
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw BulwarkException.environment("cannot create the approvals store " + file + ": " + e, e);
        }
    }
}
