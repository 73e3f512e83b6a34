package dev.bulwark.rehearse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.rehearse.catalog.Baseline;
import dev.bulwark.rehearse.catalog.SchemaDiff;
import dev.bulwark.rehearse.catalog.TableCount;
import dev.bulwark.rehearse.rules.Finding;
import dev.bulwark.rehearse.rules.Rules;
import dev.bulwark.rehearse.run.Execution;
import dev.bulwark.rehearse.run.MigrationRunner;
import dev.bulwark.rehearse.run.StatementRun;
import dev.bulwark.rehearse.script.Migration;
import dev.bulwark.rehearse.script.MigrationFiles;
import dev.bulwark.rehearse.script.MigrationSet;
import dev.bulwark.rehearse.template.CloneDatabase;
import dev.bulwark.rehearse.template.PreparedTemplate;
import dev.bulwark.rehearse.template.RehearseDirs;
import dev.bulwark.rehearse.template.TemplateStore;
import dev.bulwark.repository.BackupRepository;

/**
 * Runs migrations on a fresh copy of a backup and reports what they would do to production's data. It
 * needs the repository and PostgreSQL's programs, never production: the copy comes from a template
 * cluster restored from the backup once and cloned for every rehearsal.
 */
public final class Rehearsal {
    private final PgBinaries binaries;
    private final Map<String, String> env;
    private final Clock clock;

    public Rehearsal(PgBinaries binaries, Map<String, String> env, Clock clock) {
        this.binaries = binaries;
        this.env = env;
        this.clock = clock;
    }

    /**
     * @param backup     a backup id, "latest", or "latest-verified" (null: the latter)
     * @param maxLockMs  a lock that blocks writes on a table with rows, held longer than this, is DANGEROUS
     * @param sampleMs   how often the lock sampler reads pg_locks
     * @param fresh      restore the template again even if one is kept
     */
    public record Request(String database, BackupRepository repository, String backup, Path migrations, List<String> asserts,
                          long maxLockMs, double sampleMs, int jobs, boolean fresh) {
        public Request {
            asserts = List.copyOf(asserts);
            if (maxLockMs < 0) throw BulwarkException.usage("--max-lock must not be negative, not " + maxLockMs);
            if (sampleMs <= 0 || sampleMs > 1000) throw BulwarkException.usage("--sample-ms must be above 0 and at most 1000, not " + sampleMs);
        }
    }

    public RehearsalReport rehearse(Request r) {
        long start = System.nanoTime();
        MigrationSet set = MigrationFiles.load(r.migrations());
        List<Finding> findings = Rules.check(set);
        BackupChoice.Chosen chosen = BackupChoice.choose(r.repository(), r.database(), r.backup());
        Path dump = r.repository().backupDir(r.database(), chosen.manifest().backupId()).resolve("dump");
        OsUser osUser = OsUser.forServer(env);
        try (TemplateStore store = TemplateStore.open(RehearseDirs.root(env, osUser), r.database(), osUser);
             PreparedTemplate template = store.prepare(chosen.manifest(), dump, binaries, r.jobs(), r.fresh(), clock);
             CloneDatabase clone = template.cloneDatabase()) {
            Baseline baseline = template.manifest().baseline();
            Execution execution = new MigrationRunner(clone.url(), baseline, r.sampleMs()).run(set);
            long measureStart = System.nanoTime();
            Aftermath after = Aftermath.read(clone.url(), baseline, execution, r.asserts());
            long measureMs = Duration.ofNanos(System.nanoTime() - measureStart).toMillis();
            SchemaDiff diff = SchemaDiff.between(baseline.schema(), after.schema());
            RehearsalReport.DataLoss loss = new RehearsalReport.DataLoss(rowsRemoved(baseline, after),
                    execution.losses().tables(), execution.losses().columns(), execution.losses().altered());
            List<RehearsalReport.TableLock> locks = LockTables.of(execution, baseline);
            List<RehearsalReport.Reason> reasons = Judge.reasons(execution.failure(), loss, after.asserts(), locks,
                    execution.statements(), execution.rewrites(), diff, findings, execution.notes(), r.maxLockMs());
            double statementsMs = LockTables.round(execution.statements().stream().mapToDouble(StatementRun::durationMs).sum());
            return new RehearsalReport(Judge.verdict(reasons), reasons, r.database(),
                    new RehearsalReport.Backup(chosen.manifest().backupId(), chosen.manifest().snapshotAt(), chosen.verifiedAt()),
                    new RehearsalReport.Template(template.reused(), template.location(), template.serverVersion(),
                            template.manifest().createdAt(), template.manifest().restoreMs()),
                    files(set, execution), set.ignored(), execution.statements(), execution.failure(), diff, loss,
                    rowCounts(baseline, after), locks, execution.rewrites(), findings, after.asserts(), execution.notes(),
                    new RehearsalReport.Durations(Duration.ofNanos(System.nanoTime() - start).toMillis(), template.prepareMs(),
                            clone.createMs(), statementsMs, measureMs),
                    new RehearsalReport.Settings(r.maxLockMs(), r.sampleMs()));
        }
    }

    private static List<RehearsalReport.MigrationFile> files(MigrationSet set, Execution execution) {
        List<RehearsalReport.MigrationFile> out = new ArrayList<>();
        for (Migration m : set.migrations()) {
            boolean failed = execution.failure() != null && execution.failure().file().equals(m.file());
            boolean ran = execution.statements().stream().anyMatch(s -> s.file().equals(m.file()));
            String status = failed ? "failed" : ran || m.statements().isEmpty() && execution.failure() == null ? "applied" : "not run";
            out.add(new RehearsalReport.MigrationFile(m.file(), m.version(), m.statements().size(), status));
        }
        return out;
    }

    private static List<RehearsalReport.RowsRemoved> rowsRemoved(Baseline baseline, Aftermath after) {
        List<RehearsalReport.RowsRemoved> out = new ArrayList<>();
        for (TableCount before : baseline.tables().values()) {
            TableCount now = after.counts().get(before.oid());
            if (now != null && now.rows() < before.rows()) {
                out.add(new RehearsalReport.RowsRemoved(now.qualified(), before.rows(), now.rows(), before.rows() - now.rows()));
            }
        }
        out.sort(Comparator.comparing(RehearsalReport.RowsRemoved::table));
        return out;
    }

    private static List<RehearsalReport.TableRows> rowCounts(Baseline baseline, Aftermath after) {
        List<RehearsalReport.TableRows> out = new ArrayList<>();
        for (TableCount before : baseline.tables().values()) {
            TableCount now = after.counts().get(before.oid());
            out.add(new RehearsalReport.TableRows(now != null ? now.qualified() : before.qualified(), before.rows(),
                    now == null ? null : now.rows()));
        }
        after.counts().values().stream().filter(t -> !baseline.tables().containsKey(t.oid()))
                .forEach(t -> out.add(new RehearsalReport.TableRows(t.qualified(), null, t.rows())));
        out.sort(Comparator.comparing(RehearsalReport.TableRows::table));
        return out;
    }
}
