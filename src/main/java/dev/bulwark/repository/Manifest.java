package dev.bulwark.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a backup claims about itself, written last: its presence means the backup is
 * complete. Verification compares against it; nothing in it is a secret.
 */
public record Manifest(
        int format,
        String backupId,
        String database,
        Instant startedAt,
        Instant snapshotAt,
        Instant finishedAt,
        Source source,
        Dumper dumper,
        List<FileEntry> files,
        List<TableCount> tables,
        Map<String, Long> objects,
        Map<String, Long> durationsMs) {

    public static final int FORMAT = 1;

    /** The server and database the backup was taken from. */
    public record Source(String url, String serverVersion, int serverVersionNum, String systemIdentifier,
                         String database, String encoding) {
        public int major() {
            return serverVersionNum / 10000;
        }
    }

    /** The pg_dump that wrote the archive, how it was called, and the session TimeZone of its data. */
    public record Dumper(String path, String version, int major, List<String> arguments, String timeZone, int jobs) {}

    /** One file of the backup, relative to the backup directory. */
    public record FileEntry(String path, long size, String sha256) {}

    /** A table's exact row count in the exported snapshot. */
    public record TableCount(String schema, String name, long rows) {
        public String qualified() {
            return schema + "." + name;
        }
    }

    public long totalSize() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableCount::rows).sum();
    }
}
