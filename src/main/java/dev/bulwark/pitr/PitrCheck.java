package dev.bulwark.pitr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ServerInfo;

/**
 * Is point-in-time recovery really working for a database? Checks the server's settings, forces a
 * segment switch and waits for that segment to arrive in the archive (the whole path, proven), and
 * looks for segments missing between the oldest base backup and now.
 */
public final class PitrCheck {
    private static final Duration STREAM_WAIT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Clock clock;

    public PitrCheck(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public record Report(String database, String server, boolean passed, List<CheckLine> lines, List<WalGaps.Gap> gaps,
                         String switchedSegment, Long arrivalMs, Instant newestArchivedAt, int sweptUploads) {}

    private record Settings(String walLevel, String archiveMode, String archiveCommand, String archiveLibrary, long archiveTimeoutS,
                            long segmentSize) {}

    public Report check(String database, DatabaseConfig db, Path repositoryRoot, Duration waitForSegment) {
        PgUrl url = Connections.withSecret(PgUrl.parse(db.url()), db.passwordFile(), env);
        WalArchive archive = WalArchive.of(repositoryRoot, database);
        List<CheckLine> lines = new ArrayList<>();
        String switched = null;
        Long arrivalMs = null;
        try (Connection c = Connections.open(url, "PITR check"); Statement st = c.createStatement()) {
            ServerInfo info = ServerInfo.of(c);
            Settings s = settings(st);
            lines.add(walLevel(s));
            lines.add(archiveMode(s));
            lines.add(archiveCommand(s, database, archive));
            lines.add(archiveTimeout(s, db.rpo()));
            lines.add(archiver(st));
            lines.add(identity(archive, info));
            if (lines.stream().limit(3).noneMatch(CheckLine::failed)) {
                Instant asked = clock.instant();
                switched = switchSegment(st);
                arrivalMs = awaitArchived(archive, switched, asked, waitForSegment);
                lines.add(arrivalMs != null
                        ? CheckLine.pass("segment switch", "forced " + switched + "; it arrived in the archive in "
                                + DurationText.format(Duration.ofMillis(arrivalMs)))
                        : CheckLine.fail("segment switch", "forced " + switched + "; it was not in " + archive.dir() + " after "
                                + DurationText.format(waitForSegment), "see the server log for archive_command errors and "
                                + "pg_stat_archiver.last_failed_wal"));
                if (Files.isDirectory(archive.partials().dir())) lines.add(walStream(archive, switched, database));
            }
            List<WalGaps.Gap> gaps = gaps(database, repositoryRoot, archive, switched, s.segmentSize(), lines);
            Optional<WalArchive.Entry> newest = archive.newestSegment();
            int swept = archive.sweepAbandonedUploads(clock.instant(), Duration.ofHours(1));
            boolean passed = lines.stream().noneMatch(CheckLine::failed);
            return new Report(database, url.redacted() + ", PostgreSQL " + info.version(), passed, lines, gaps, switched, arrivalMs,
                    newest.map(WalArchive.Entry::archivedAt).orElse(null), swept);
        } catch (SQLException e) {
            throw BulwarkException.environment("PITR check of " + url.redacted() + " failed: " + e.getMessage(), e);
        }
    }

    private static Settings settings(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT current_setting('wal_level'), current_setting('archive_mode'), "
                + "current_setting('archive_command'), coalesce(current_setting('archive_library', true), ''), "
                + "(SELECT setting::bigint FROM pg_settings WHERE name = 'archive_timeout'), "
                + "(SELECT setting::bigint * CASE unit WHEN 'MB' THEN 1048576 WHEN 'kB' THEN 1024 ELSE 1 END FROM pg_settings "
                + "WHERE name = 'wal_segment_size')")) {
            rs.next();
            return new Settings(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6));
        }
    }

    private static CheckLine walLevel(Settings s) {
        return s.walLevel().equals("minimal")
                ? CheckLine.fail("wal_level", "minimal: the WAL cannot rebuild the data", "ALTER SYSTEM SET wal_level = replica; then restart")
                : CheckLine.pass("wal_level", s.walLevel());
    }

    private static CheckLine archiveMode(Settings s) {
        return s.archiveMode().equals("off")
                ? CheckLine.fail("archive_mode", "off: no WAL leaves the server", "ALTER SYSTEM SET archive_mode = on; then restart")
                : CheckLine.pass("archive_mode", s.archiveMode());
    }

    static CheckLine archiveCommand(Settings s, String database, WalArchive archive) {
        String suggested = "ALTER SYSTEM SET archive_command = '/path/to/bulwark --config /etc/bulwark.yaml wal-push --db " + database
                + " %p'; SELECT pg_reload_conf();";
        if (!s.archiveLibrary().isEmpty()) {
            return CheckLine.fail("archive_command", "archive_library '" + s.archiveLibrary() + "' is set, so archive_command is not used",
                    "ALTER SYSTEM RESET archive_library; " + suggested);
        }
        String cmd = s.archiveCommand();
        if (!cmd.contains("wal-push")) {
            return CheckLine.fail("archive_command", cmd.isBlank() ? "empty" : "'" + cmd + "' is not Bulwark's wal-push", suggested);
        }
        boolean ours = cmd.contains("--db " + database) || cmd.contains("--db=" + database) || cmd.contains(archive.dir().toString())
                || (!cmd.contains("--db") && !cmd.contains("--archive"));
        return ours ? CheckLine.pass("archive_command", cmd)
                : CheckLine.fail("archive_command", "'" + cmd + "' archives into another database's archive, not " + archive.dir(),
                        suggested);
    }

    static CheckLine archiveTimeout(Settings s, Duration rpo) {
        Duration timeout = Duration.ofSeconds(s.archiveTimeoutS());
        String fix = "ALTER SYSTEM SET archive_timeout = '" + (rpo == null ? "60s" : Math.max(1, rpo.toSeconds() / 2) + "s")
                + "'; SELECT pg_reload_conf();";
        if (rpo == null) {
            return CheckLine.warn("archive_timeout", (timeout.isZero() ? "0 (off)" : DurationText.format(timeout)) + "; no rpo declared "
                    + "to compare with", "declare rpo: under the database in bulwark.yaml");
        }
        if (timeout.isZero()) {
            return CheckLine.fail("archive_timeout", "0 (off): a quiet server keeps recent commits in an unfinished segment for "
                    + "as long as it stays quiet, beyond the rpo of " + DurationText.format(rpo), fix);
        }
        return timeout.compareTo(rpo) > 0
                ? CheckLine.fail("archive_timeout", DurationText.format(timeout) + " is longer than the rpo of " + DurationText.format(rpo), fix)
                : CheckLine.pass("archive_timeout", DurationText.format(timeout) + " <= rpo " + DurationText.format(rpo));
    }

    private static CheckLine archiver(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT archived_count, last_archived_wal, last_archived_time, failed_count, "
                + "last_failed_wal, last_failed_time, coalesce(last_failed_time > coalesce(last_archived_time, '-infinity'), false) "
                + "FROM pg_stat_archiver")) {
            rs.next();
            String evidence = rs.getLong(1) + " archived (last " + rs.getString(2) + " at " + rs.getString(3) + "), " + rs.getLong(4)
                    + " failed" + (rs.getString(5) == null ? "" : " (last " + rs.getString(5) + " at " + rs.getString(6) + ")");
            return rs.getBoolean(7)
                    ? CheckLine.fail("pg_stat_archiver", "failing now: " + evidence, "read the server log for the archive_command's "
                            + "error; PostgreSQL keeps the WAL and retries until it succeeds")
                    : CheckLine.pass("pg_stat_archiver", evidence);
        }
    }

    private static CheckLine identity(WalArchive archive, ServerInfo info) {
        Optional<ArchiveIdentity> id = archive.identity();
        if (id.isEmpty()) return CheckLine.warn("archive owner", "nothing archived in " + archive.dir() + " yet", null);
        if (info.systemIdentifier() != null && !info.systemIdentifier().equals(id.get().systemIdentifier())) {
            return CheckLine.fail("archive owner", archive.dir() + " holds the WAL of system " + id.get().systemIdentifier()
                    + ", this server is system " + info.systemIdentifier(), "give this server its own database entry and archive");
        }
        return CheckLine.pass("archive owner", "system " + id.get().systemIdentifier());
    }

    /** A commit first, so that the switch has something to close even on an idle server. */
    private static String switchSegment(Statement st) throws SQLException {
        st.execute("SELECT txid_current()");
        try (ResultSet rs = st.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Where wal-stream writes into the archive, it must move on to the segment after the switched
     * one within seconds; otherwise it is not running and the archive is only as fresh as
     * archive_command keeps it.
     */
    private CheckLine walStream(WalArchive archive, String switched, String database) {
        Instant deadline = clock.instant().plus(STREAM_WAIT);
        Optional<PartialSegments.Partial> newest = archive.partials().newest();
        while (newest.map(p -> p.name().name().compareTo(switched) <= 0).orElse(true) && clock.instant().isBefore(deadline)
                && !Thread.currentThread().isInterrupted()) {
            pause(Duration.ofMillis(100));
            newest = archive.partials().newest();
        }
        if (newest.isPresent() && newest.get().name().name().compareTo(switched) > 0) {
            return CheckLine.pass("wal-stream", "receiving " + newest.get().name().name() + " (" + newest.get().bytes() + " bytes so far), "
                    + "the segment after the switched one: the archive is seconds behind");
        }
        return CheckLine.warn("wal-stream", newest.map(p -> "its newest partial segment is " + p.name().name() + ", last written "
                        + p.modifiedAt()).orElse("no partial segment") + "; it did not move past " + switched + " within "
                        + DurationText.format(STREAM_WAIT) + ", so it is not running: the archive is as fresh as archive_command keeps it",
                "run 'bulwark wal-stream --db " + database + "' as a service (or, if it is retired, delete " + archive.partials().dir()
                        + ")");
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Long awaitArchived(WalArchive archive, String segment, Instant asked, Duration wait) {
        Path file = archive.dir().resolve(segment + WalArchive.SUFFIX);
        Instant deadline = asked.plus(wait);
        while (!Files.exists(file)) {
            if (clock.instant().isAfter(deadline)) return null;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return Duration.between(asked, clock.instant()).toMillis();
    }

    private static List<WalGaps.Gap> gaps(String database, Path repositoryRoot, WalArchive archive, String switched, long segmentSize,
                                          List<CheckLine> lines) {
        List<BaseBackupManifest> bases = new BaseBackupStore(repositoryRoot).list(database);
        if (bases.isEmpty()) {
            lines.add(CheckLine.fail("base backups", "none in " + repositoryRoot + "; the archive alone cannot restore anything",
                    "bulwark basebackup --db " + database));
            return List.of();
        }
        BaseBackupManifest oldest = bases.get(0);
        lines.add(CheckLine.pass("base backups", bases.size() + ", oldest " + oldest.backupId() + " (finished " + oldest.finishedAt()
                + "), newest " + bases.get(bases.size() - 1).backupId()));
        long end = switched == null ? -1 : WalFileName.parse(switched).segmentNumber(segmentSize);
        List<WalGaps.Gap> gaps = WalGaps.find(archive.list().stream().map(WalArchive.Entry::name).toList(), segmentSize,
                oldest.timeline(), WalFileName.parse(oldest.startSegment()).segmentNumber(segmentSize), archive.newestTimeline(), end);
        String range = oldest.startSegment() + " .. " + (switched == null ? "the newest archived segment" : switched);
        lines.add(gaps.isEmpty()
                ? CheckLine.pass("archive continuity", "no segment missing from " + range)
                : CheckLine.fail("archive continuity", gaps.stream().mapToLong(WalGaps.Gap::count).sum() + " segment(s) missing from "
                        + range + ": " + String.join(", ", gaps.stream().map(WalGaps.Gap::describe).toList())
                        + "; no moment after the first gap can be restored from the base backups before it",
                        "bulwark basebackup --db " + database + "  (a new base backup makes later moments restorable again)"));
        return gaps;
    }
}
