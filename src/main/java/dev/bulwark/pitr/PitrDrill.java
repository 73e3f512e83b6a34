package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.repository.AtomicFiles;
import dev.bulwark.repository.Json;
import dev.bulwark.verify.CheckResult;

/**
 * A point-in-time restore as a drill: restore into a sandbox, then prove the copy reached the
 * moment, holds the critical tables and passes the checks, and measure what an incident would
 * cost: the restore's duration (RTO) and, for 'latest', how far behind the drill's start the
 * newest heartbeat in the copy is (RPO). Every drill is recorded for doctor.
 */
public final class PitrDrill {
    private static final DateTimeFormatter RECORD_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public PitrDrill(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    public DrillReport drill(String name, DatabaseConfig db, Path repository, RecoveryTarget target, Duration timeout) {
        Instant started = clock.instant();
        Instant moment = target instanceof RecoveryTarget.AtTime t ? t.moment() : started;
        String database = PgUrl.parse(db.url()).database();
        List<CheckResult> checks = new ArrayList<>();
        RestoredCluster restored;
        try {
            restored = new PointInTimeRestore(binaries, env, clock).restore(repository, name, target, timeout);
        } catch (BulwarkException e) {
            if (e.exitCode() != ExitCode.CHECK_FAILED) throw e;
            checks.add(CheckResult.fail("restore", "reaches " + RecoveryTarget.describe(target), "open at the moment", "not reached",
                    e.getMessage()));
            return record(repository, new DrillReport(name, RecoveryTarget.describe(target), started, clock.instant(), false, null,
                    null, null, null, null, null, Duration.between(started, clock.instant()).toMillis(), Map.of(), checks));
        }
        try (restored) {
            checks.add(CheckResult.pass("restore", "reaches " + RecoveryTarget.describe(target), "open at the moment",
                    "open; last transaction " + restored.lastTransactionAt() + (restored.stoppedBefore() == null ? ""
                            : ", stopped before the one at " + restored.stoppedBefore())));
            Optional<Instant> heartbeat;
            try (Connection c = Connections.open(restored.url(database), "restored copy")) {
                DrillChecks drillChecks = new DrillChecks(c);
                drillChecks.criticalTables(db, moment);
                drillChecks.sqlChecks(db);
                heartbeat = Heartbeat.newest(c);
                Duration restore = Duration.ofMillis(restored.durationMs());
                drillChecks.objective("rto", restore, db.rto(), "the restore took");
                Duration rpo = target instanceof RecoveryTarget.Latest && heartbeat.isPresent()
                        ? Duration.between(heartbeat.get(), started) : null;
                drillChecks.objective("rpo", rpo, db.rpo(), "the newest heartbeat in the restored data was");
                checks.addAll(drillChecks.results());
                boolean passed = checks.stream().allMatch(CheckResult::passed);
                return record(repository, new DrillReport(name, RecoveryTarget.describe(target), started, clock.instant(), passed,
                        restored.baseBackup().backupId(), restored.description(), restored.lastTransactionAt(),
                        restored.stoppedBefore(), heartbeat.orElse(null), rpo == null ? null : rpo.toMillis(), restored.durationMs(),
                        restored.phasesMs(), checks));
            }
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot check the restored copy of '" + name + "': " + e.getMessage(), e);
        }
    }

    public static Path drillsDir(Path repository, String database) {
        return repository.resolve(database).resolve("drills");
    }

    private static DrillReport record(Path repository, DrillReport report) {
        Path dir = drillsDir(repository, report.database());
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(RECORD_TIME.format(report.finishedAt()) + ".json"), Json.mapper().writeValueAsBytes(report));
            return report;
        } catch (IOException e) {
            throw BulwarkException.environment("cannot record the drill in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Recorded drills of a database, oldest first. */
    public static List<DrillReport> history(Path repository, String database) {
        Path dir = drillsDir(repository, database);
        if (!Files.isDirectory(dir)) return List.of();
        List<DrillReport> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(Json.mapper().readValue(f.toFile(), DrillReport.class));
                } catch (IOException damaged) {
                    // a damaged record is skipped, not trusted
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

}
