package dev.bulwark.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.config.VerificationConfig;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.Sandbox;
import dev.bulwark.postgres.SandboxDirs;
import dev.bulwark.repository.Manifest;

/**
 * Proves a backup: the quick level checks the files against the manifest and reads every table's
 * data; the full level also restores into a throwaway target and compares the restored copy with
 * the dump and with production's counts at the time of the snapshot. The data files are read
 * while the target is being prepared, so the restore is the only long step.
 */
public final class Verifier {
    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public Verifier(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    public record Options(boolean quick, int jobs) {}

    public VerificationReport verify(String name, DatabaseConfig db, VerificationConfig target, Manifest manifest,
                                     Path backupDir, Options options) {
        Instant started = clock.instant();
        PgBinaries.Tool pgRestore = binaries.require("pg_restore", manifest.dumper().major(),
                "to read a dump written by pg_dump " + manifest.dumper().version());
        QuickChecks quick = new QuickChecks(manifest, backupDir);
        List<String> listing = new ArrayList<>();
        TocReader.Archive archive = quick.tableOfContents(pgRestore, listing);
        if (options.quick()) {
            quick.files(options.jobs());
            List<TableEvidence> tables = quick.dataFiles(archive, options.jobs());
            return report(name, manifest, "quick", started, quick.checks(), tables, null, null);
        }

        // The restore target starts while the files are checked: both take a moment.
        CompletableFuture<RestoreTarget> starting = new CompletableFuture<>();
        Thread.ofVirtual().name("start-restore-target").start(() -> {
            try {
                starting.complete(openTarget(target, manifest, archive));
            } catch (Throwable e) {
                starting.completeExceptionally(e);
            }
        });
        Phases phases = new Phases();
        quick.files(options.jobs());
        phases.mark("files");
        List<CheckResult> restoreChecks = new ArrayList<>();
        RestoreEvidence restore;
        List<TableEvidence> tables;
        Map<String, Long> objects;
        try (RestoreTarget t = started(starting)) {
            phases.mark("target_ready");
            PhasedRestore restorer = new PhasedRestore(pgRestore, backupDir.resolve("dump"), options.jobs());
            PhasedRestore.Outcome outcome = archive != null && !listing.isEmpty()
                    ? restorer.phased(t, archive, listing, manifest.source().encoding())
                    : restorer.whole(t);
            restore = evidence(t, pgRestore, options.jobs(), outcome, restoreChecks);
            tables = quick.dataEvidence(archive, options.jobs(), e -> {
                DataFileScanner.Scan loaded = outcome.scans().get(e.dumpId());
                return loaded != null ? loaded : DataFileScanner.scan(quick.dataFile(e));
            });
            RestoredComparison compare = new RestoredComparison(manifest, t.url());
            phases.mark("restore");
            phases.addAll(outcome.phasesMs());
            tables = compare.tables(tables, QuickChecks.dataEntries(archive), options.jobs());
            phases.mark("read_back");
            objects = compare.objects();
            compare.criticalTables(db, tables);
            compare.sqlChecks(db);
            restoreChecks.addAll(compare.checks());
            rto(db, restore, restoreChecks);
            if (!restore.problems().isEmpty() || restoreChecks.stream().anyMatch(c -> !c.passed())) {
                restore = withLog(restore, t.logTail());
            }
            phases.mark("other_checks");
        }
        phases.mark("target_removed");
        restore = restore.withPhases(phases.durations());
        List<CheckResult> all = new ArrayList<>(quick.checks());
        all.addAll(restoreChecks);
        return report(name, manifest, "full", started, all, tables, objects, restore);
    }

    /** Wall time between marks, so a report shows where a verification spent its time. */
    private static final class Phases {
        private final Map<String, Long> durations = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void mark(String phase) {
            long now = System.nanoTime();
            durations.put(phase, Duration.ofNanos(now - last).toMillis());
            last = now;
        }

        void addAll(Map<String, Long> detail) {
            durations.putAll(detail);
        }

        Map<String, Long> durations() {
            return durations;
        }
    }

    private static RestoreTarget started(CompletableFuture<RestoreTarget> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw BulwarkException.environment("the restore target did not start: " + e.getCause(), e.getCause());
        }
    }

    private RestoreTarget openTarget(VerificationConfig target, Manifest manifest, TocReader.Archive archive) {
        if (target.usesSandbox()) {
            PgBinaries.Tool initdb = binaries.requireServer(manifest.source().major(),
                    "for a sandbox to restore a PostgreSQL " + manifest.source().serverVersion() + " backup into");
            Sandbox sandbox = Sandbox.start(initdb, OsUser.forServer(env), SandboxDirs.fromEnvironment(env));
            return new SandboxTarget(sandbox, manifest.source().encoding(), DumpRoles.of(archive));
        }
        PgUrl admin = Connections.withSecret(PgUrl.parse(target.url()), target.passwordFile(), env);
        return new ServerTarget(admin, manifest.source());
    }

    private static RestoreEvidence evidence(RestoreTarget target, PgBinaries.Tool pgRestore, int jobs,
                                            PhasedRestore.Outcome outcome, List<CheckResult> checks) {
        if (outcome.problems().isEmpty()) {
            checks.add(CheckResult.pass("restore", "pg_restore", "restores without errors", "restored in "
                    + DurationText.format(outcome.elapsed())));
        }
        for (RestoreProblem p : outcome.problems()) {
            checks.add(CheckResult.fail("restore", "pg_restore: " + p.cause().name().toLowerCase(), "restores without errors",
                    p.what(), p.cause().name().toLowerCase() + ": " + p.what() + " — " + p.hint() + "\n" + p.quoted()));
        }
        return new RestoreEvidence(target.description(), target.serverVersion(), pgRestore.path().toString(),
                pgRestore.version(), jobs, outcome.elapsed().toMillis(), outcome.problems(), null, null);
    }

    private static void rto(DatabaseConfig db, RestoreEvidence restore, List<CheckResult> checks) {
        if (db.rto() == null) return;
        Duration took = Duration.ofMillis(restore.durationMs());
        boolean ok = took.compareTo(db.rto()) <= 0;
        checks.add(new CheckResult("rto", "restore time", ok, "<= " + DurationText.format(db.rto()), DurationText.format(took),
                ok ? null : "the restore took " + DurationText.format(took) + ", longer than the declared RTO of "
                        + DurationText.format(db.rto())));
    }

    private static RestoreEvidence withLog(RestoreEvidence r, String log) {
        return new RestoreEvidence(r.target(), r.serverVersion(), r.pgRestore(), r.pgRestoreVersion(), r.jobs(),
                r.durationMs(), r.problems(), log, r.phasesMs());
    }

    private VerificationReport report(String name, Manifest m, String level, Instant started, List<CheckResult> checks,
                                      List<TableEvidence> tables, Map<String, Long> objects, RestoreEvidence restore) {
        boolean verified = !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
        return new VerificationReport(name, m.backupId(), level, started, clock.instant(), verified, List.copyOf(checks),
                tables, m.objects(), objects, restore);
    }
}
