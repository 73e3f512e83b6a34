package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.SandboxDirs;
import dev.bulwark.postgres.SandboxFolder;

/**
 * A PostgreSQL server on a data directory Bulwark did not initdb itself (a restored base backup),
 * run with Bulwark's own settings file on a free loopback port. It lives in a sandbox folder like
 * {@code Sandbox}, so the sandbox sweep also stops and deletes it after a crash; it is always
 * stopped and deleted on close.
 */
public final class LocalCluster implements AutoCloseable {
    private final SandboxFolder folder;
    private int port;

    private LocalCluster(SandboxFolder folder) {
        this.folder = folder;
    }

    /** A new, empty sandbox folder handed to the server's OS user. */
    public static LocalCluster create(PgBinaries.Tool server, OsUser osUser, SandboxDirs dirs) {
        return new LocalCluster(SandboxFolder.create(dirs, server, osUser));
    }

    public Path dir() {
        return folder.dir();
    }

    public Path dataDir() {
        return folder.dataDir();
    }

    public Path configFile() {
        return dir().resolve("postgresql.conf");
    }

    public int port() {
        return port;
    }

    public PgBinaries.Tool server() {
        return folder.server();
    }

    public OsUser osUser() {
        return folder.osUser();
    }

    /** Writes a file into the sandbox folder that only the server's OS user may read. */
    public Path writePrivate(String name, String content) {
        Path file = dir().resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            osUser().own(file);
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
            port = SandboxFolder.freePort();
            List<String> options = new ArrayList<>(List.of("-c config_file=" + configFile(), "-c port=" + port));
            overrides.forEach(o -> options.add("-c " + o));
            List<String> cmd = osUser().wrap(List.of(pgCtl(), "-D", dataDir().toString(), "-l", folder.logFile().toString(), "-w",
                    "-t", String.valueOf(Math.max(1, timeout.toSeconds())), "-o", String.join(" ", options), "start"));
            ProcessRunner.Result r = ProcessRunner.run(cmd, Map.of(), dir(), timeout.plusSeconds(30));
            if (r.ok()) return;
            last = BulwarkException.environment("PostgreSQL " + server().version() + " did not start on " + dataDir() + "; server log:\n"
                    + logTail(25));
            if (!log().contains("could not bind")) break;
        }
        throw last;
    }

    /** Runs a program as the server's OS user (psql over the folder's unix socket, for instance). */
    public ProcessRunner.Result runAsServerUser(List<String> command, Duration timeout) {
        return ProcessRunner.run(osUser().wrap(command), Map.of(), dir(), timeout);
    }

    public String log() {
        return folder.log();
    }

    public String logTail(int lines) {
        return folder.logTail(lines);
    }

    private String pgCtl() {
        return server().dir().resolve("pg_ctl").toString();
    }

    @Override
    public void close() {
        folder.close();
    }
}
