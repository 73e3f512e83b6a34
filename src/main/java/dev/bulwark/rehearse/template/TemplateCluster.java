package dev.bulwark.rehearse.template;

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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.Sandbox;

/**
 * A PostgreSQL cluster that outlives the process: made with the sandbox's initdb, started with pg_ctl
 * on a free loopback port when a rehearsal needs it and stopped when it ends (also on Ctrl-C). Its
 * superuser password is kept in a file only its owner can read.
 */
final class TemplateCluster {
    static final String TEMPLATE_DATABASE = "rehearse_template";
    private static final String PASSWORD_FILE = "password";

    private final Path dir;
    private final PgBinaries.Tool server;
    private final OsUser osUser;
    private final String password;
    private final Thread stopOnExit = new Thread(this::stop, "rehearse-template-stop");
    private volatile int port;

    private TemplateCluster(Path dir, PgBinaries.Tool server, OsUser osUser, String password) {
        this.dir = dir;
        this.server = server;
        this.osUser = osUser;
        this.password = password;
    }

    /** initdb into a new folder {@code dir}. */
    static TemplateCluster create(Path dir, PgBinaries.Tool server, OsUser osUser) {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path secret = dir.resolve(PASSWORD_FILE);
            Files.writeString(secret, password, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            osUser.own(dir);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot create the rehearsal template folder " + dir + ": " + e.getMessage(), e);
        }
        Sandbox.initdb(server, osUser, dir, password);
        return new TemplateCluster(dir, server, osUser, password);
    }

    static TemplateCluster existing(Path dir, PgBinaries.Tool server, OsUser osUser) {
        try {
            return new TemplateCluster(dir, server, osUser, Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read the rehearsal template's password in " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    PgBinaries.Tool server() {
        return server;
    }

    void start() {
        stopLeftover();
        port = Sandbox.startOnFreePort(server, osUser, dir);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * A server still running from a process that was killed, or still shutting down after the last rehearsal:
     * stop it, and wait until it is down, so this process can start its own.
     */
    private void stopLeftover() {
        if (Files.exists(Sandbox.dataDir(dir).resolve("postmaster.pid"))) pgCtlStop("-w");
    }

    /**
     * Asks the server to shut down without waiting for it: nothing of the rehearsal depends on the shutdown
     * checkpoint (the copy is dropped, the template was not written), and the next rehearsal waits for it.
     */
    void stop() {
        if (port == 0) return;
        pgCtlStop("-W");
        port = 0;
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what is running this
        }
    }

    private void pgCtlStop(String wait) {
        List<String> cmd = osUser.wrap(List.of(server.dir().resolve("pg_ctl").toString(), "-D", Sandbox.dataDir(dir).toString(),
                "-m", "fast", wait, "-t", "60", "stop"));
        try {
            ProcessRunner.run(cmd, Map.of(), null, Duration.ofSeconds(70));
        } catch (BulwarkException e) {
            // a server that does not stop is found by the next rehearsal, which stops it first
        }
    }

    PgUrl url(String database) {
        return new PgUrl("127.0.0.1", port, database, Sandbox.SUPERUSER, password, Map.of());
    }

    Connection connect(String database) throws SQLException {
        PgUrl url = url(database);
        return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
    }

    String logTail() {
        return Sandbox.logTail(dir, 20);
    }
}
