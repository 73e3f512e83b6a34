package dev.bulwark.pitr;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.bulwark.BulwarkException;
import dev.bulwark.FileTrees;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.SandboxDirs;

/**
 * A PostgreSQL server on a data directory Bulwark did not initdb itself (a restored base backup),
 * run with Bulwark's own settings file on a free loopback port. It lives in a sandbox folder with
 * the same layout and owner mark as {@code Sandbox}, so the sandbox sweep also stops and deletes
 * it after a crash; it is always stopped and deleted on close.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path dir;
    private final PgBinaries.Tool server;
    private final OsUser osUser;
    private final Thread shutdownHook;
    private int port;
    private boolean closed;

    private LocalCluster(Path dir, PgBinaries.Tool server, OsUser osUser) {
        this.dir = dir;
        this.server = server;
        this.osUser = osUser;
        this.shutdownHook = new Thread(this::destroy, "local-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A new, empty sandbox folder handed to the server's OS user. */
    public static LocalCluster create(PgBinaries.Tool server, OsUser osUser, SandboxDirs dirs) {
        dirs.sweepStale(osUser);
        Path root = dirs.root();
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Path dir = Files.createDirectory(root.resolve("sb-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8)));
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(dir.resolve("owner"), self.pid() + " " + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
                    + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            osUser.own(dir);
            return new LocalCluster(dir, server, osUser);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot create a sandbox directory under " + root + ": " + e.getMessage()
                    + "; set BULWARK_SANDBOX_DIR to a writable directory with room for a restored copy", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path configFile() {
        return dir.resolve("postgresql.conf");
    }

    public int port() {
        return port;
    }

    public PgBinaries.Tool server() {
        return server;
    }

    public OsUser osUser() {
        return osUser;
    }

    /** Writes a file into the sandbox folder that only the server's OS user may read. */
    public Path writePrivate(String name, String content) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            osUser.own(file);
            return file;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the server with {@code postgresql.conf} of the sandbox folder; {@code overrides} go on
     * the command line, where nothing in the data directory (postgresql.auto.conf) can override them.
     */
    public void start(List<String> overrides, Duration timeout) {
        BulwarkException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            List<String> options = new ArrayList<>(List.of("-c config_file=" + configFile(), "-c port=" + port));
            overrides.forEach(o -> options.add("-c " + o));
            List<String> cmd = osUser.wrap(List.of(pgCtl(), "-D", dataDir().toString(), "-l", logFile().toString(), "-w",
                    "-t", String.valueOf(Math.max(1, timeout.toSeconds())), "-o", String.join(" ", options), "start"));
            ProcessRunner.Result r = ProcessRunner.run(cmd, Map.of(), dir, timeout.plusSeconds(30));
            if (r.ok()) return;
            last = BulwarkException.environment("PostgreSQL " + server.version() + " did not start on " + dataDir() + "; server log:\n"
                    + logTail(25));
            if (!log().contains("could not bind")) break;
        }
        throw last;
    }

    /** Runs a program as the server's OS user (psql over the folder's unix socket, for instance). */
    public ProcessRunner.Result runAsServerUser(List<String> command, Duration timeout) {
        return ProcessRunner.run(osUser.wrap(command), Map.of(), dir, timeout);
    }

    public String log() {
        try {
            return Files.readString(logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private Path logFile() {
        return dir.resolve("server.log");
    }

    private String pgCtl() {
        return server.dir().resolve("pg_ctl").toString();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw BulwarkException.environment("no free loopback port for a sandbox: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void destroy() {
        if (closed) return;
        closed = true;
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            try {
                ProcessRunner.run(osUser.wrap(List.of(pgCtl(), "-D", dataDir().toString(), "-m", "immediate", "-w", "-t", "30",
                        "stop")), Map.of(), null, Duration.ofSeconds(40));
            } catch (BulwarkException e) {
                // the sweep of the next sandbox start stops what is left
            }
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // left for the next sweep
        }
    }
}
