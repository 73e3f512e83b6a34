package dev.bulwark.gate.approval;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import dev.bulwark.BulwarkException;

/**
 * The store as a SQLite file, opened the same way by every component: owner-only permissions (it
 * holds TOTP secrets), WAL so the gate can read while a CLI approves, and a busy timeout so two
 * processes wait for each other instead of failing.
 */
final class SqliteStoreDatabase extends StoreDatabase {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final boolean fullSync;

    /** {@code fullSync} trades speed for surviving power loss; the approvals tables want it, the high-volume audit log does not. */
    SqliteStoreDatabase(Path file, String component, String label, boolean fullSync) {
        super(component, label);
        this.file = file;
        this.fullSync = fullSync;
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    Connection connect() {
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
     * {@code BEGIN IMMEDIATE} takes the file's write lock up front, so a read-check-write cannot
     * interleave with another process doing the same; a plain {@code BEGIN} reads one snapshot (in
     * WAL mode readers never block writers).
     */
    @Override
    void begin(Connection connection, Mode mode) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(mode == Mode.READ ? "BEGIN" : "BEGIN IMMEDIATE");
        }
    }

    @Override
    boolean connectionLost(SQLException e) {
        return false; // a file does not go away between calls
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
