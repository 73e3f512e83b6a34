package dev.bulwark.pitr;

import java.time.Instant;

/**
 * What {@code <repo>/<db>/basebackups/<id>/manifest.json} records about one physical base backup.
 * Written last: a base backup without it is incomplete and never used.
 *
 * @param startLsn          where replay must start (backup_label's START WAL LOCATION)
 * @param endLsn            the point replay must pass before the copy is consistent
 * @param bootstrapSuperuser the role with oid 10 on the source, through which a restored copy is first reached
 */
public record BaseBackupManifest(
        int format,
        String backupId,
        String database,
        Instant startedAt,
        Instant finishedAt,
        Source source,
        long walSegmentSize,
        int timeline,
        String startLsn,
        String endLsn,
        String startSegment,
        String bootstrapSuperuser,
        Tool pgBasebackup,
        Tool pgVerifybackup,
        long sizeBytes,
        long files,
        long durationMs) {
    public static final int FORMAT = 1;

    public record Source(String url, String serverVersion, int major, String systemIdentifier) {}

    public record Tool(String path, String version) {}
}
