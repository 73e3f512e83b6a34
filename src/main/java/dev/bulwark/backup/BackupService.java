package dev.bulwark.backup;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.Catalog;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.ServerInfo;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.FileDigests;
import dev.bulwark.repository.Manifest;
import dev.bulwark.repository.PendingBackup;

/**
 * Takes a logical backup in one consistent snapshot: the snapshot is exported, pg_dump reads it
 * in parallel, and meanwhile every table's exact row count is taken in that very snapshot, so the
 * manifest records what production held at the moment the dump represents.
 */
public final class BackupService {
    /** The session TimeZone of the dump, recorded so verification reads timestamptz the same way. */
    static final String DUMP_TIMEZONE = "UTC";
    private static final Duration DUMP_TIMEOUT = Duration.ofHours(24);

    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public BackupService(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    public BackupResult backup(String name, DatabaseConfig db, BackupRepository repository, int jobs) {
        return backup(name, db, repository, jobs, Set.of());
    }

    /**
     * A backup of only the given tables (with their indexes, constraints and triggers), e.g. the
     * safety copy taken before an approved change; all tables when {@code only} is empty. A
     * partial backup records no schema object counts: they describe a whole database.
     */
    public BackupResult backup(String name, DatabaseConfig db, BackupRepository repository, int jobs, Set<Catalog.TableName> only) {
        PgUrl source = Connections.withSecret(PgUrl.parse(db.url()), db.passwordFile(), env);
        List<String> swept = repository.sweepIncomplete(name);
        Instant started = clock.instant();
        try (Connection snapshotHolder = Connections.open(source, "backup of " + name)) {
            snapshotHolder.setAutoCommit(false);
            snapshotHolder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            snapshotHolder.setReadOnly(true);
            ServerInfo server = ServerInfo.of(snapshotHolder);
            Snapshot snapshot = exportSnapshot(snapshotHolder);
            PgBinaries.Tool pgDump = binaries.require("pg_dump", server.major(),
                    "to dump " + source.redacted() + " (PostgreSQL " + server.version() + ")");
            PendingBackup pending = repository.begin(name, started);
            AtomicReference<Process> dumpProcess = new AtomicReference<>();
            // On SIGTERM or Ctrl-C: stop pg_dump first, so nothing writes while the backup is removed.
            Thread cleanup = new Thread(() -> {
                Process p = dumpProcess.get();
                if (p != null) ProcessRunner.kill(p);
                pending.abandon();
            }, "abandon-backup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                Manifest manifest = dumpAndCount(name, source, server, snapshot, snapshotHolder, pgDump, pending, jobs, started,
                        dumpProcess, only);
                pending.publish(manifest);
                return new BackupResult(manifest, pending.dir(), swept);
            } finally {
                pending.abandon();
                removeHook(cleanup);
            }
        } catch (SQLException e) {
            throw BulwarkException.environment("backup of " + name + " (" + source.redacted() + ") failed: " + e.getMessage()
                    + (e.getSQLState() != null && e.getSQLState().startsWith("08") ? " (the connection to the server was lost)" : "")
                    + "; nothing was published and partial files were removed", e);
        }
    }

    private record Snapshot(String id, Instant at) {}

    private static Snapshot exportSnapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), statement_timestamp()")) {
            rs.next();
            return new Snapshot(rs.getString(1), rs.getTimestamp(2).toInstant());
        }
    }

    private Manifest dumpAndCount(String name, PgUrl source, ServerInfo server, Snapshot snapshot, Connection snapshotHolder,
                                  PgBinaries.Tool pgDump, PendingBackup pending, int jobs, Instant started,
                                  AtomicReference<Process> dumpProcess, Set<Catalog.TableName> only) throws SQLException {
        List<String> args = new ArrayList<>(List.of("--format=directory", "--jobs=" + jobs, "--snapshot=" + snapshot.id(),
                "--no-password", "--file=" + pending.dumpDir()));
        // Quoted names make pg_dump's pattern match exactly one table, whatever characters it has.
        only.forEach(t -> args.add("--table=" + t.quoted()));
        List<String> command = new ArrayList<>(List.of(pgDump.path().toString()));
        command.addAll(args);
        command.add("--dbname=" + source.libpqUri());
        Map<String, String> dumpEnv = new LinkedHashMap<>(Connections.libpqEnv(source));
        dumpEnv.put("PGTZ", DUMP_TIMEZONE);
        dumpEnv.put("PGAPPNAME", "bulwark-backup");

        AtomicReference<ProcessRunner.Result> dumpResult = new AtomicReference<>();
        AtomicReference<RuntimeException> dumpFailure = new AtomicReference<>();
        Thread dumper = Thread.ofVirtual().name("pg_dump").start(() -> {
            try {
                dumpResult.set(ProcessRunner.run(command, dumpEnv, null, DUMP_TIMEOUT, 400, dumpProcess::set));
            } catch (RuntimeException e) {
                dumpFailure.set(e);
            }
        });

        long countStart = System.nanoTime();
        long[] countMs = {0};
        List<Manifest.TableCount> tables = new ArrayList<>();
        Map<String, Long> objects;
        try {
            for (Catalog.TableName t : Catalog.dataTables(snapshotHolder)) {
                if (!only.isEmpty() && !only.contains(t)) continue;
                tables.add(new Manifest.TableCount(t.schema(), t.name(), Catalog.exactRows(snapshotHolder, t)));
            }
            objects = only.isEmpty() ? Catalog.objectCounts(snapshotHolder) : Map.of();
        } finally {
            countMs[0] = Duration.ofNanos(System.nanoTime() - countStart).toMillis();
            join(dumper);
        }
        snapshotHolder.commit();

        if (dumpFailure.get() != null) throw dumpFailure.get();
        ProcessRunner.Result r = dumpResult.get();
        if (!r.ok()) {
            throw BulwarkException.environment("pg_dump " + pgDump.version() + " failed (exit " + r.exitCode() + ") for "
                    + source.redacted() + "; nothing was published:\n" + r.tail(10));
        }
        List<Manifest.FileEntry> files;
        try {
            files = FileDigests.describe(pending.dir(), pending.dumpDir(), jobs);
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read back the dump in " + pending.dumpDir() + ": " + e.getMessage(), e);
        }
        Instant finished = clock.instant();
        Map<String, Long> durations = new LinkedHashMap<>();
        durations.put("dump", r.elapsed().toMillis());
        durations.put("count", countMs[0]);
        durations.put("total", Duration.between(started, finished).toMillis());
        return new Manifest(Manifest.FORMAT, pending.id(), name, started, snapshot.at(), finished,
                new Manifest.Source(source.redacted(), server.version(), server.versionNum(), server.systemIdentifier(),
                        server.database(), server.encoding()),
                new Manifest.Dumper(pgDump.path().toString(), pgDump.version(), pgDump.major(), args, DUMP_TIMEZONE, jobs),
                files, tables, objects, durations);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BulwarkException.environment("interrupted while pg_dump was running", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now and removes the unfinished backup
        }
    }
}
