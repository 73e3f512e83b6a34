package dev.bulwark.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.FileTrees;

/**
 * The directory under which sandboxes live, one folder each, marked with the process that owns
 * it. A folder whose owner is gone (the JVM was killed) is swept: its server stopped, its files
 * deleted, before any new sandbox starts.
 */
public final class SandboxDirs {
    private static final String OWNER_FILE = "owner";
    private static final Duration GRACE_FOR_UNMARKED = Duration.ofMinutes(2);

    private final Path root;

    public SandboxDirs(Path root) {
        this.root = root;
    }

    public static SandboxDirs fromEnvironment(Map<String, String> env) {
        String configured = env.get("BULWARK_SANDBOX_DIR");
        return new SandboxDirs(configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "bulwark-sandboxes"));
    }

    public Path root() {
        return root;
    }

    Path create(OsUser osUser) {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                // The server user only needs to pass through; each sandbox inside is private to it.
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Path dir = Files.createDirectory(root.resolve("sb-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8)));
            Files.writeString(dir.resolve(OWNER_FILE), ownerMark(ProcessHandle.current()), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            osUser.own(dir);
            return dir;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot create a sandbox directory under " + root + ": " + e.getMessage()
                    + "; set BULWARK_SANDBOX_DIR to a writable directory with room for a restored copy", e);
        }
    }

    /** Stops and deletes the sandboxes of processes that no longer exist; returns how many. */
    public int sweepStale(OsUser osUser) {
        if (!Files.isDirectory(root)) return 0;
        int swept = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("sb-")).toList()) {
                if (isStale(dir)) {
                    stopAndDelete(dir, null, osUser);
                    swept++;
                }
            }
        } catch (IOException e) {
            // Sweeping is housekeeping: a failure here must not stop the work at hand.
        }
        return swept;
    }

    private static boolean isStale(Path dir) throws IOException {
        Path owner = dir.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            FileTime modified = Files.getLastModifiedTime(dir);
            return modified.toInstant().isBefore(Instant.now().minus(GRACE_FOR_UNMARKED));
        }
        String mark = Files.readString(owner, StandardCharsets.UTF_8).trim();
        String[] parts = mark.split(" ");
        long pid = Long.parseLong(parts[0]);
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty() || !ownerMark(process.get()).trim().equals(mark);
    }

    private static String ownerMark(ProcessHandle p) {
        long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return p.pid() + " " + started + "\n";
    }

    /** Stops the server running in a sandbox folder, if any, and deletes the folder. */
    public static void stopAndDelete(Path dir, PgBinaries.Tool server, OsUser osUser) {
        Path pidFile = Sandbox.dataDir(dir).resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            boolean stopped = false;
            if (server != null) {
                List<String> cmd = osUser.wrap(List.of(server.dir().resolve("pg_ctl").toString(), "-D",
                        Sandbox.dataDir(dir).toString(), "-m", "immediate", "-w", "-t", "30", "stop"));
                try {
                    stopped = ProcessRunner.run(cmd, Map.of(), null, Duration.ofSeconds(40)).ok();
                } catch (BulwarkException e) {
                    stopped = false;
                }
            }
            if (!stopped) {
                killPostmaster(pidFile);
            }
        }
        deleteTree(dir);
    }

    private static void killPostmaster(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                // SIGQUIT is PostgreSQL's immediate shutdown; it also ends the server's children.
                ProcessRunner.run(List.of("kill", "-QUIT", String.valueOf(pid)), Map.of(), null, Duration.ofSeconds(10));
                try {
                    p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        } catch (IOException | RuntimeException e) {
            // nothing we can stop; the folder still goes
        }
    }

    static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // left for the next sweep, which retries
        }
    }
}
