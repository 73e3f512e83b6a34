package dev.bulwark.rehearse;

import java.time.Instant;
import java.util.List;

import dev.bulwark.rehearse.catalog.SchemaDiff;
import dev.bulwark.rehearse.rules.Finding;
import dev.bulwark.rehearse.run.Failure;
import dev.bulwark.rehearse.run.Losses;
import dev.bulwark.rehearse.run.Rewrite;
import dev.bulwark.rehearse.run.StatementRun;

/** Everything one rehearsal found; rendered as text or JSON (README.md documents the fields). */
public record RehearsalReport(
        Verdict verdict,
        List<Reason> reasons,
        String database,
        Backup backup,
        Template template,
        List<MigrationFile> migrations,
        List<String> ignoredFiles,
        List<StatementRun> statements,
        Failure failure,
        SchemaDiff schemaDiff,
        DataLoss dataLoss,
        List<TableRows> rowCounts,
        List<TableLock> locks,
        List<Rewrite> rewrites,
        List<Finding> findings,
        List<AssertResult> asserts,
        List<String> notes,
        Durations durationsMs,
        Settings settings) {

    /** Why the verdict is what it is; each reason at the level it calls for. */
    public record Reason(Verdict level, String text) {}

    /** @param verifiedAt when its last full verification passed; null for a backup that is not verified */
    public record Backup(String id, Instant snapshotAt, Instant verifiedAt) {}

    /**
     * @param reused    kept from an earlier rehearsal (no restore this time)
     * @param restoreMs the restore's time when it was made (this time or earlier)
     */
    public record Template(boolean reused, String location, String serverVersion, Instant createdAt, long restoreMs) {}

    /** @param status "applied", "failed" or "not run" */
    public record MigrationFile(String file, String version, int statements, String status) {}

    public record DataLoss(List<RowsRemoved> rowsRemoved, List<Losses.DroppedTable> droppedTables,
                           List<Losses.DroppedColumn> droppedColumns, List<Losses.AlteredValues> alteredValues) {}

    public record RowsRemoved(String table, long before, long after, long removed) {}

    /**
     * Exact row counts before and after.
     *
     * @param before null for a table the migration created
     * @param after  null for a table the migration dropped
     */
    public record TableRows(String table, Long before, Long after) {}

    /**
     * The locks the migration held on one table.
     *
     * @param rows              the table's rows in the backup (0 for a table the migration created)
     * @param mode              the strongest mode held
     * @param heldMs            how long the strongest mode was held at a stretch, as sampled
     * @param writesBlockedMs   the longest stretch of any mode that blocks writes (SHARE or stronger), 0 if none
     * @param sampled           false when the strongest mode was held too briefly for the sampler to see it
     *                          (it is known from the end-of-statement snapshot)
     */
    public record TableLock(String table, long rows, String mode, double heldMs, double writesBlockedMs, boolean sampled,
                            boolean blocksWrites, boolean blocksReads, List<Integer> statements, List<ModeHold> modes) {}

    public record ModeHold(String mode, double heldMs, boolean sampled, List<Integer> statements) {}

    /** @param result what the query returned, as text */
    public record AssertResult(String sql, boolean passed, String result, String error) {}

    /**
     * @param prepare    getting the template running (with the restore when there was one)
     * @param cloneDatabase CREATE DATABASE ... TEMPLATE
     * @param statements the statements themselves
     * @param measure    reading counts, schema and asserts afterwards
     */
    public record Durations(long total, long prepare, long cloneDatabase, double statements, long measure) {}

    public record Settings(long maxLockMs, double sampleMs) {}
}
