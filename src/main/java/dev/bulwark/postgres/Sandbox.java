package dev.bulwark.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;

/**
 * A throwaway PostgreSQL cluster: initdb into a private directory, start on a free loopback port,
 * and always stop and delete it, on close, on JVM shutdown, or (after a hard crash) by the sweep
 * that runs before the next sandbox starts. It holds a copy of production data, so it is
 * password-protected and listens on 127.0.0.1 only.
 */
public final class Sandbox implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final SandboxFolder folder;
    private final PgBinaries.Tool server;
    private final String password;
    private final int port;

    private Sandbox(SandboxFolder folder, PgBinaries.Tool server, String password, int port) {
        this.folder = folder;
        this.server = server;
        this.password = password;
        this.port = port;
    }

    /** Creates and starts a sandbox with the server programs that sit next to {@code initdb}. */
    public static Sandbox start(PgBinaries.Tool initdb, OsUser osUser, SandboxDirs dirs) {
        SandboxFolder folder = SandboxFolder.create(dirs, initdb, osUser);
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try {
            initdb(initdb, osUser, folder.dir(), password);
            return new Sandbox(folder, initdb, password, startOnFreePort(initdb, osUser, folder.dir()));
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Starts the server of a cluster made by {@link #initdb} in {@code dir} on a free loopback port, with the
     * sandbox's throwaway settings, trying another port when one is taken meanwhile; returns the port.
     */
    public static int startOnFreePort(PgBinaries.Tool server, OsUser osUser, Path dir) {
        BulwarkException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = SandboxFolder.freePort();
            try {
                startServer(server, osUser, dir, port);
                return port;
            } catch (BulwarkException e) {
                last = e;
                if (!logOf(dir).contains("could not bind")) break;
            }
        }
        throw last;
    }

    /** A new cluster in {@code dir}/data whose superuser {@value #SUPERUSER} logs in with {@code password} (SCRAM). */
    public static void initdb(PgBinaries.Tool initdb, OsUser osUser, Path dir, String password) {
        Path pwfile = dir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            osUser.own(pwfile);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot write sandbox password file in " + dir + ": " + e.getMessage(), e);
        }
        List<String> cmd = osUser.wrap(List.of(initdb.path().toString(), "-D", dataDir(dir).toString(),
                "-U", SUPERUSER, "--pwfile=" + pwfile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-sync"));
        ProcessRunner.Result r = ProcessRunner.run(cmd, Map.of(), dir, Duration.ofMinutes(3));
        deleteQuietly(pwfile);
        if (!r.ok()) {
            String hint = String.join("\n", r.stderr()).contains("Permission denied") && osUser.switchNeeded()
                    ? "\nOS user '" + osUser.name() + "' must be able to reach " + dir.getParent() + " (every parent directory "
                            + "needs o+x); set BULWARK_SANDBOX_DIR to such a directory"
                    : "";
            throw BulwarkException.environment("initdb " + initdb.version() + " failed to create a sandbox cluster in "
                    + dir + ":\n" + r.tail(15) + hint);
        }
    }

    private static void startServer(PgBinaries.Tool initdb, OsUser osUser, Path dir, int port) {
        String options = String.join(" ",
                "-c port=" + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=" + socketDirectory(dir),
                // A sandbox is thrown away after use: durability settings only cost time.
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
                "-c wal_level=minimal", "-c max_wal_senders=0", "-c max_wal_size=8GB", "-c checkpoint_timeout=1h",
                "-c autovacuum=off", "-c shared_buffers=256MB", "-c maintenance_work_mem=512MB",
                "-c max_locks_per_transaction=512", "-c max_connections=40");
        List<String> cmd = osUser.wrap(List.of(initdb.dir().resolve("pg_ctl").toString(), "-D", dataDir(dir).toString(),
                "-l", logFile(dir).toString(), "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-o", options, "start"));
        ProcessRunner.Result r = ProcessRunner.run(cmd, Map.of(), dir, START_TIMEOUT.plusSeconds(10));
        if (!r.ok()) {
            throw BulwarkException.environment("the sandbox PostgreSQL " + initdb.version() + " did not start; server log:\n"
                    + tail(logOf(dir), 20));
        }
    }

    /**
     * The data folder's parent as socket directory; empty (TCP only, which is how Bulwark connects) where the
     * socket's path would pass the 107 bytes a Unix-domain socket path may have.
     */
    private static String socketDirectory(Path dir) {
        return dir.resolve(".s.PGSQL.65535").toString().getBytes(StandardCharsets.UTF_8).length <= 107 ? dir.toString() : "''";
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return folder.dir();
    }

    public PgBinaries.Tool server() {
        return server;
    }

    public int major() {
        return server.major();
    }

    /** Superuser URL of one of the sandbox's databases. */
    public PgUrl url(String database) {
        return new PgUrl("127.0.0.1", port, database, SUPERUSER, password, Map.of());
    }

    public Connection connect(String database) throws SQLException {
        PgUrl url = url(database);
        return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
    }

    public void createDatabase(String name, String encoding) throws SQLException {
        try (Connection c = connect("postgres"); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0 ENCODING '"
                    + encoding.replace("'", "''") + "' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
    }

    /** The last lines of the server log, for quoting when something fails. */
    public String logTail(int lines) {
        return folder.logTail(lines);
    }

    /** The last lines of the server log of the cluster in {@code dir}. */
    public static String logTail(Path dir, int lines) {
        return tail(logOf(dir), lines);
    }

    @Override
    public void close() {
        folder.close();
    }

    public static Path dataDir(Path dir) {
        return dir.resolve("data");
    }

    static Path logFile(Path dir) {
        return dir.resolve("server.log");
    }

    static String logOf(Path dir) {
        try {
            return Files.readString(logFile(dir), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = new ArrayList<>(text.lines().toList());
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the whole sandbox directory goes away on close anyway
        }
    }
}
