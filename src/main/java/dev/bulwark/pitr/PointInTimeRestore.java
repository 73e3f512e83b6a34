package dev.bulwark.pitr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.SandboxDirs;

/**
 * Restores a database to a moment: the newest base backup completed before it, copied into a
 * sandbox folder, replayed with WAL from the archive (restore_command runs this Bulwark's
 * wal-fetch, which checks every file before PostgreSQL sees it) up to the moment, then promoted
 * and opened. The restored server never archives (archive_mode=off on its command line, where
 * production's postgresql.auto.conf cannot turn it back on), so a drill leaves production's
 * archive untouched; its new timeline lives and dies in the sandbox.
 */
public final class PointInTimeRestore {
    static final String RESTORE_ROLE = "bulwark_restore";
    private static final Pattern LAST_TRANSACTION = Pattern.compile("last completed transaction was at log time (.+)");
    private static final Pattern STOPPING = Pattern.compile("recovery stopping before (?:commit|abort) of transaction \\d+, time (.+)");
    private static final Pattern TIMELINE = Pattern.compile("selected new timeline ID: (\\d+)");

    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public PointInTimeRestore(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    /** Restores {@code database}'s cluster from {@code repositoryRoot} to {@code target} in a new sandbox. */
    public RestoredCluster restore(Path repositoryRoot, String database, RecoveryTarget target, Duration timeout) {
        return restore(repositoryRoot, database, target, timeout, false);
    }

    /**
     * Like {@link #restore(Path, String, RecoveryTarget, Duration)}; with {@code includePartial},
     * the segment wal-stream is receiving is replayed too (as far as it has arrived), which brings
     * the restore to within seconds of production instead of to the last finished segment.
     */
    public RestoredCluster restore(Path repositoryRoot, String database, RecoveryTarget target, Duration timeout,
                                   boolean includePartial) {
        Instant started = clock.instant();
        BaseBackupStore store = new BaseBackupStore(repositoryRoot);
        Instant moment = target instanceof RecoveryTarget.AtTime t ? t.moment() : started;
        BaseBackupManifest base = store.newestBefore(database, moment).orElseThrow(() -> BulwarkException.usage(
                store.list(database).isEmpty()
                        ? "no base backup of '" + database + "' in " + repositoryRoot + "; run 'bulwark basebackup --db " + database + "' first"
                        : "no base backup of '" + database + "' finished before " + moment + "; the oldest finished at "
                                + store.list(database).get(0).finishedAt() + ": a moment before that cannot be restored"));
        WalArchive archive = WalArchive.of(repositoryRoot, database);
        PgBinaries.Tool server = binaries.requireServer(base.source().major(), "to restore a base backup of PostgreSQL "
                + base.source().serverVersion());
        OsUser osUser = OsUser.forServer(env);
        BulwarkLauncher launcher = BulwarkLauncher.current();
        Map<String, Long> phases = new LinkedHashMap<>();
        long mark = System.nanoTime();
        launcher.checkRunnableBy(osUser);
        LocalCluster cluster = LocalCluster.create(server, osUser, SandboxDirs.fromEnvironment(env));
        try {
            copyBaseBackup(store.dataDir(database, base.backupId()), cluster);
            mark = phase(phases, "copy_base_backup", mark);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            configure(cluster, archive, launcher, target, includePartial);
            cluster.start(List.of("archive_mode=off", "listen_addresses=127.0.0.1", "unix_socket_directories=" + cluster.dir()),
                    timeout);
            awaitOpen(cluster, started.plus(timeout));
            mark = phase(phases, "replay_wal", mark);
            String log = cluster.log();
            createRestoreRole(cluster, base, password);
            phase(phases, "open", mark);
            return new RestoredCluster(cluster, new PgUrl("127.0.0.1", cluster.port(), "postgres", RESTORE_ROLE, password, Map.of()),
                    base, RecoveryTarget.describe(target), logTime(log, LAST_TRANSACTION), logTime(log, STOPPING),
                    timeline(log, base.timeline()), Duration.between(started, clock.instant()).toMillis(), phases);
        } catch (RuntimeException e) {
            String log = cluster.log();
            cluster.close();
            if (log.contains("recovery ended before configured recovery target was reached")) {
                throw new BulwarkException(ExitCode.CHECK_FAILED, "the archive ends before " + RecoveryTarget.describe(target)
                        + ": replaying every archived WAL file from base backup " + base.backupId() + " did not reach it. Either "
                        + "WAL is missing (run 'bulwark pitr check' to find gaps), or nothing committed after that moment has been "
                        + "archived yet (wait for the next segment, or restore to 'latest'). Server log:\n" + tail(log, 12));
            }
            throw e;
        }
    }

    /**
     * Without hot standby, pg_ctl reports the server started as soon as recovery begins; the copy
     * is open once the server says it accepts connections, and lost if the server went away.
     */
    private static void awaitOpen(LocalCluster cluster, Instant deadline) {
        while (!cluster.log().contains("database system is ready to accept connections")) {
            if (!Files.exists(cluster.dataDir().resolve("postmaster.pid"))) {
                throw BulwarkException.environment("the restored server stopped during recovery; server log:\n" + cluster.logTail(25));
            }
            if (Instant.now().isAfter(deadline)) {
                throw BulwarkException.environment("recovery did not finish by " + deadline + "; server log:\n" + cluster.logTail(25));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw BulwarkException.environment("interrupted while waiting for recovery", e);
            }
        }
    }

    private static long phase(Map<String, Long> phases, String name, long since) {
        long now = System.nanoTime();
        phases.put(name, Duration.ofNanos(now - since).toMillis());
        return now;
    }

    /** cp -a keeps modes and links; the copy then belongs to the server's OS user, as PostgreSQL requires. */
    private static void copyBaseBackup(Path source, LocalCluster cluster) {
        Path data = cluster.dataDir();
        run(List.of("cp", "-a", source.toString(), data.toString()), "copy the base backup");
        if (cluster.osUser().switchNeeded()) {
            run(List.of("chown", "-R", cluster.osUser().name() + ":", data.toString()), "hand the copy to the server user");
        }
        run(List.of("chmod", "700", data.toString()), "protect the copy");
        try {
            Files.deleteIfExists(data.resolve("standby.signal"));
            // Production's own settings (archive_command among them) must not apply to the copy.
            Path auto = data.resolve("postgresql.auto.conf");
            if (Files.exists(auto)) Files.move(auto, data.resolve("postgresql.auto.conf.production"));
            Files.createFile(data.resolve("recovery.signal"));
            cluster.osUser().own(data.resolve("recovery.signal"));
        } catch (java.io.IOException e) {
            throw BulwarkException.environment("cannot prepare the restored copy in " + data + ": " + e.getMessage(), e);
        }
    }

    private static void run(List<String> command, String what) {
        ProcessRunner.Result r = ProcessRunner.run(command, Map.of(), null, Duration.ofHours(6));
        if (!r.ok()) throw BulwarkException.environment("cannot " + what + " (" + String.join(" ", command) + "): " + r.tail(5));
    }

    private static void configure(LocalCluster cluster, WalArchive archive, BulwarkLauncher launcher, RecoveryTarget target,
                                  boolean includePartial) {
        Path dir = cluster.dir();
        List<String> conf = new ArrayList<>(List.of(
                "hba_file = " + quote(dir.resolve("pg_hba.conf").toString()),
                "ident_file = " + quote(dir.resolve("pg_ident.conf").toString()),
                "archive_mode = off",
                "restore_command = " + quote(launcher.shellLine("wal-fetch " + (includePartial ? "--include-partial " : "")
                        + "--archive " + BulwarkLauncher.shellQuote(archive.dir().toAbsolutePath().toString()) + " %f %p")),
                "recovery_target_timeline = 'latest'",
                "recovery_target_action = 'promote'",
                // No connections until the copy is open: the restore role does not exist before that, and a hot
                // standby would demand production's max_connections and friends.
                "hot_standby = off",
                // A throwaway copy: durability only costs time.
                "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                "max_wal_size = '4GB'", "shared_buffers = '128MB'", "max_connections = 40",
                "log_line_prefix = '%m [%p] '"));
        if (target instanceof RecoveryTarget.AtTime t) {
            conf.add("recovery_target_time = " + quote(targetTime(t.moment())));
            conf.add("recovery_target_inclusive = on");
        }
        cluster.writePrivate("postgresql.conf", String.join("\n", conf) + "\n");
        // Trust on the unix socket, which only the server's OS user can reach (its folder is private), to
        // create the restore role; every other connection needs that role's random password.
        cluster.writePrivate("pg_hba.conf", "local all all trust\nhost all " + RESTORE_ROLE + " 127.0.0.1/32 scram-sha-256\n");
        cluster.writePrivate("pg_ident.conf", "");
    }

    /**
     * The form recovery_target_time accepts: a numeric offset (no 'Z', which it takes for a zone
     * abbreviation) and microseconds, truncated so that no later commit is let in.
     */
    static String targetTime(Instant moment) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'")
                .withZone(java.time.ZoneOffset.UTC).format(moment.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    private static void createRestoreRole(LocalCluster cluster, BaseBackupManifest base, String password) {
        Path sql = cluster.writePrivate("restore-role.sql", "SET password_encryption = 'scram-sha-256';\nCREATE ROLE " + RESTORE_ROLE
                + " LOGIN SUPERUSER PASSWORD '" + password + "';\n");
        String psql = cluster.server().dir().resolve("psql").toString();
        String superuser = base.bootstrapSuperuser() == null ? "postgres" : base.bootstrapSuperuser();
        ProcessRunner.Result r = cluster.runAsServerUser(List.of(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                cluster.dir().toString(), "-p", String.valueOf(cluster.port()), "-U", superuser, "-d", "postgres", "-f", sql.toString()),
                Duration.ofMinutes(2));
        try {
            Files.deleteIfExists(sql);
        } catch (java.io.IOException ignored) {
            // the whole folder goes on close
        }
        if (!r.ok()) {
            throw BulwarkException.environment("cannot open the restored copy (creating its login role as " + superuser + " failed): "
                    + r.tail(5));
        }
    }

    private static Instant logTime(String log, Pattern pattern) {
        Instant found = null;
        for (String line : log.lines().toList()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) found = parsePgTime(m.group(1).trim());
        }
        return found;
    }

    /** A timestamptz as the server logs it ({@code 2025-06-01 12:00:00.123456+00}), or null. */
    static Instant parsePgTime(String text) {
        try {
            return RecoveryTarget.parse(text) instanceof RecoveryTarget.AtTime t ? t.moment() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int timeline(String log, int fallback) {
        int tli = fallback;
        for (String line : log.lines().toList()) {
            Matcher m = TIMELINE.matcher(line);
            if (m.find()) tli = Integer.parseInt(m.group(1));
        }
        return tli;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
