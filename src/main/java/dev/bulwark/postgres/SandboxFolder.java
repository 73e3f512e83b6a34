package dev.bulwark.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import dev.bulwark.BulwarkException;

/**
 * One folder under {@link SandboxDirs} for a throwaway PostgreSQL server: created with its owner
 * mark and handed to the server's OS user, and stopped and deleted exactly once, on close or on JVM
 * shutdown (after a hard crash, the sweep before the next sandbox does it). Whatever runs in it,
 * a cluster Bulwark made with initdb or a restored base backup, the data directory is
 * {@code data/} and the server log {@code server.log}, so the sweep knows how to stop it.
 */
public final class SandboxFolder implements AutoCloseable {
    private final Path dir;
    private final PgBinaries.Tool server;
    private final OsUser osUser;
    private final Thread shutdownHook;
    private boolean closed;

    private SandboxFolder(Path dir, PgBinaries.Tool server, OsUser osUser) {
        this.dir = dir;
        this.server = server;
        this.osUser = osUser;
        this.shutdownHook = new Thread(this::destroy, "sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Sweeps the folders of dead processes, then creates a new one for {@code server}'s programs. */
    public static SandboxFolder create(SandboxDirs dirs, PgBinaries.Tool server, OsUser osUser) {
        dirs.sweepStale(osUser);
        return new SandboxFolder(dirs.create(osUser), server, osUser);
    }

    public Path dir() {
        return dir;
    }

    /** The programs of the server that runs (or will run) here. */
    public PgBinaries.Tool server() {
        return server;
    }

    /** The OS user that owns the folder and runs the server. */
    public OsUser osUser() {
        return osUser;
    }

    public Path dataDir() {
        return Sandbox.dataDir(dir);
    }

    public Path logFile() {
        return Sandbox.logFile(dir);
    }

    public String log() {
        return Sandbox.logOf(dir);
    }

    /** The last lines of the server log, for quoting when something fails. */
    public String logTail(int lines) {
        return Sandbox.logTail(dir, lines);
    }

    /** A loopback port free right now; a server may still lose it to another process, so callers retry on "could not bind". */
    public static int freePort() {
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
            // the hook is running or has run; nothing left to unregister
        }
    }

    private synchronized void destroy() {
        if (closed) return;
        closed = true;
        SandboxDirs.stopAndDelete(dir, server, osUser);
    }
}
