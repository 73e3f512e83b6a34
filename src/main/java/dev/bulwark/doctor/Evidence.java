package dev.bulwark.doctor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.bulwark.pitr.DrillReport;

/**
 * Everything doctor knows about one database before it scores it: what was declared, what the
 * repository holds, and what the permission audit found. Gathered by {@link Doctor}; scored by
 * {@link Scorecard} without touching anything, so the scoring can be tested on its own.
 */
public record Evidence(
        String database,
        Instant now,
        Duration rpo,
        Duration rto,
        Duration verificationEvery,
        String pitrManagedBy,
        LogicalBackup newestBackup,
        DrillReport lastDrill,
        Archive archive,
        Agents agents) {

    /** The newest complete logical backup and its last verification (null fields when never verified). */
    public record LogicalBackup(String backupId, Instant snapshotAt, Boolean verified, String level, Instant verifiedAt, Long restoreMs,
                                String failure) {}

    /** Bulwark's WAL archive of the database: the newest segment's arrival, and base backups. */
    public record Archive(Instant newestSegmentAt, String newestSegment, int baseBackups) {}

    /** What the permission audit could say about the roles under agents:. */
    public sealed interface Agents {
        record NoneDeclared() implements Agents {}

        record Audited(boolean passed, List<String> roles, List<String> withWritePaths, List<String> notFound) implements Agents {}

        record CouldNotCheck(String reason) implements Agents {}
    }
}
