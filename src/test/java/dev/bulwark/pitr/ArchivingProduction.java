package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.bulwark.FileTrees;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.SandboxDirs;

/**
 * A real PostgreSQL server playing production with WAL archiving on: 1 MB segments (initdb
 * --wal-segsize=1) to keep tests quick, archive_command running the built jar's wal-push as the
 * server's OS user, into a repository that user may write.
 */
final class ArchivingProduction implements AutoCloseable {
    static final Map<String, String> ENV = System.getenv();

    private final LocalCluster cluster;
    private final Path repository;
    private final String database;
    private final String password;

    private ArchivingProduction(LocalCluster cluster, Path repository, String database, String password) {
        this.cluster = cluster;
        this.repository = repository;
        this.database = database;
        this.password = password;
    }

    /** A repository directory the server's OS user can write (archive_command runs as that user). */
    static Path newRepository() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "bulwark-pitr-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OsUser.forServer(ENV).own(dir);
        return dir;
    }

    static void deleteRepository(Path dir) throws IOException {
        FileTrees.delete(dir);
    }

    static ArchivingProduction start(Path repository, String database, String extraConf) throws Exception {
        PgBinaries binaries = PgBinaries.fromEnvironment(ENV);
        LocalCluster cluster = LocalCluster.create(binaries.requireServer(13, "for tests"), OsUser.forServer(ENV),
                SandboxDirs.fromEnvironment(ENV));
        try {
            String password = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes()).substring(0, 24);
            Path pwfile = cluster.writePrivate("pwfile", password + "\n");
            ProcessRunner.Result init = cluster.runAsServerUser(List.of(cluster.server().path().toString(), "-D",
                    cluster.dataDir().toString(), "-U", "postgres", "--pwfile=" + pwfile, "--auth-local=scram-sha-256",
                    "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--wal-segsize=1"), Duration.ofMinutes(3));
            if (!init.ok()) throw new IllegalStateException("initdb failed: " + init.tail(10));
            String archive = WalArchive.of(repository, database).dir().toString();
            cluster.writePrivate("postgresql.conf", String.join("\n",
                    "hba_file = '" + cluster.dataDir().resolve("pg_hba.conf") + "'",
                    "ident_file = '" + cluster.dataDir().resolve("pg_ident.conf") + "'",
                    "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + cluster.dir() + "'",
                    "wal_level = replica", "archive_mode = on", "max_wal_senders = 4",
                    "archive_command = '" + BulwarkLauncher.current().shellLine("wal-push --archive "
                            + BulwarkLauncher.shellQuote(archive) + " %p").replace("'", "''") + "'",
                    "fsync = off", "synchronous_commit = off", "shared_buffers = '32MB'", "max_connections = 30",
                    extraConf, ""));
            cluster.start(List.of(), Duration.ofSeconds(90));
            ArchivingProduction p = new ArchivingProduction(cluster, repository, database, password);
            try (Connection c = p.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database);
            }
            // As in real life, archiving runs before the first base backup: the server's user creates the archive.
            p.switchAndWaitArchived(Duration.ofSeconds(60));
            return p;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    PgUrl url(String db) {
        return new PgUrl("127.0.0.1", cluster.port(), db, "postgres", password, Map.of());
    }

    String urlText() {
        return "postgresql://postgres:" + password + "@127.0.0.1:" + cluster.port() + "/" + database;
    }

    String password() {
        return password;
    }

    /** The URL as a config file holds it: the password from ${APP_PW}. */
    String urlWithSecretFromEnv() {
        return urlText().replace(":" + password + "@", ":${APP_PW}@");
    }

    /** Writes a bulwark.yaml with database 'app' at {@code url} (rpo 5m) and the repository {@code repo}. */
    static Path writeConfig(Path file, Path repo, String url) throws IOException {
        Files.writeString(file, """
                databases:
                  app:
                    url: %s
                    rpo: 5m
                repository: { path: %s }
                """.formatted(url, repo));
        return file;
    }

    String database() {
        return database;
    }

    Path repository() {
        return repository;
    }

    WalArchive archive() {
        return WalArchive.of(repository, database);
    }

    DatabaseConfig config() {
        return new DatabaseConfig(urlText(), null, Duration.ofMinutes(5), Duration.ofMinutes(10), List.of(), List.of(), null);
    }

    Connection connect(String db) throws SQLException {
        PgUrl u = url(db);
        return DriverManager.getConnection(u.jdbcUrl(), u.jdbcProperties());
    }

    void exec(String sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    String queryString(String sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Closes the current segment and waits until the archive has it: everything committed so far is archived. */
    String switchAndWaitArchived(Duration timeout) throws Exception {
        String segment = queryString("SELECT pg_walfile_name(pg_switch_wal())");
        Path file = archive().dir().resolve(segment + ".gz");
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("segment " + segment + " not archived within " + timeout + "; server log:\n"
                        + cluster.logTail(20));
            }
            Thread.sleep(100);
        }
        return segment;
    }

    String logTail(int lines) {
        return cluster.logTail(lines);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
