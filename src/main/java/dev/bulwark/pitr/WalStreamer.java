package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.postgres.PgUrl;

/**
 * Receives a server's WAL continuously over physical replication into the WAL archive, like
 * pg_receivewal: the segment being received is a {@code .partial} file in the archive, fsynced at
 * least every second, and each finished segment is published through the archive's ordinary push
 * (checksum, identical content accepted, different content refused), so it does not matter whether
 * archive_command or this stream got a segment first. The server hears of received WAL only once
 * it is on disk, so a slot never lets go of WAL the archive does not have. A broken connection is
 * retried with backoff; what no retry can fix (a refused segment, an archive that cannot be
 * written, a server that never let it in) ends the run with an exception.
 */
public final class WalStreamer {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    /** The slot to use (or none), whether to create it, and how often to fsync and how long to wait at most between retries. */
    public record Options(String slot, boolean createSlot, Duration flushEvery, Duration maxRetryWait) {
        public static Options of(String slot, boolean createSlot) {
            return new Options(slot, createSlot, Duration.ofSeconds(1), Duration.ofSeconds(30));
        }
    }

    private final PgUrl url;
    private final WalArchive archive;
    private final Options options;
    private final Consumer<StreamEvent> events;
    private long segmentSize;
    private long published;
    private long durable;
    private String partialFile;
    private long partialBytes;

    public WalStreamer(PgUrl url, WalArchive archive, Options options, Consumer<StreamEvent> events) {
        this.url = url;
        this.archive = archive;
        this.options = options;
        this.events = events;
    }

    /** Streams until {@code keepGoing} says stop, then writes out what it has and reports where it stopped. */
    public StreamEvent.Stopped run(BooleanSupplier stopNotRequested) {
        BooleanSupplier keepGoing = () -> stopNotRequested.getAsBoolean() && !Thread.currentThread().isInterrupted();
        segmentSize = StreamingPrerequisites.check(url, options.slot(), options.createSlot());
        Duration wait = FIRST_RETRY;
        boolean streamedOnce = false;
        while (keepGoing.getAsBoolean()) {
            AtomicBoolean streaming = new AtomicBoolean();
            try {
                stream(keepGoing, () -> streaming.set(true));
            } catch (SQLException | IOException e) {
                if (!streamedOnce && !streaming.get()) {
                    throw BulwarkException.environment("cannot stream WAL from " + url.redacted() + ": " + describe(e)
                            + "; the role needs REPLICATION, the server a free WAL sender (max_wal_senders), and pg_hba.conf must let "
                            + "the role connect to the database", e);
                }
                streamedOnce = true;
                if (streaming.get()) wait = FIRST_RETRY;
                events.accept(new StreamEvent.Interrupted(describe(e), wait.toMillis()));
                pause(wait, keepGoing);
                wait = wait.multipliedBy(2).compareTo(options.maxRetryWait()) > 0 ? options.maxRetryWait() : wait.multipliedBy(2);
            }
        }
        StreamEvent.Stopped stopped = new StreamEvent.Stopped(Lsn.format(durable), partialFile, partialBytes, published);
        events.accept(stopped);
        return stopped;
    }

    /** One connection: from identifying the server to the stop or the first error. */
    private void stream(BooleanSupplier keepGoing, Runnable onStreaming) throws SQLException, IOException {
        try (ReplicationConnection rc = ReplicationConnection.open(url)) {
            ReplicationConnection.SystemIdentity server = rc.identifySystem();
            claimArchive(server.systemIdentifier());
            TimelineHistory history = publishHistories(rc, server.timeline());
            Optional<Long> slotLsn = options.slot() == null ? Optional.empty() : rc.slotRestartLsn(options.slot());
            List<StreamStart> candidates = StreamStart.candidates(new StreamStart.Facts(server.timeline(), server.flushLsn(), history,
                    segmentSize, archive.newestSegment().map(WalArchive.Entry::name), slotLsn));
            Started started = start(rc, candidates, server.timeline());
            try (PGReplicationStream stream = started.stream();
                 ReceivingSegment segment = ReceivingSegment.begin(archive.partials(), server.timeline(), segmentSize,
                         started.start().lsn())) {
                onStreaming.run();
                durable = Math.max(durable, started.start().lsn());
                events.accept(new StreamEvent.Streaming(url.redacted(), server.systemIdentifier(), server.timeline(),
                        Lsn.format(started.start().lsn()), segment.segmentName(), started.start().why(), options.slot()));
                deletePublishedPartials(segment.segmentName());
                receive(stream, segment, keepGoing);
            }
        }
    }

    private void receive(PGReplicationStream stream, ReceivingSegment segment, BooleanSupplier keepGoing)
            throws SQLException, IOException {
        long lastFlush = System.nanoTime();
        while (keepGoing.getAsBoolean()) {
            ByteBuffer data = stream.readPending();
            if (data != null) {
                // Right after a read, the last received LSN is the end of this message's WAL.
                long start = stream.getLastReceiveLSN().asLong() - data.remaining();
                if (segment.append(start, data, this::publish) > 0) lastFlush = acknowledge(stream, segment);
            } else if (stream.isClosed()) {
                throw new IOException("the server ended the stream (it is shutting down, or its timeline changed)");
            } else if (!sleep(POLL)) {
                break;
            }
            if (segment.dirty() && System.nanoTime() - lastFlush >= options.flushEvery().toNanos()) {
                lastFlush = acknowledge(stream, segment);
            }
            partialFile = archive.partials().file(segment.segmentName()).toString();
            partialBytes = segment.bytesInFile();
        }
        acknowledge(stream, segment);
    }

    /** fsyncs the partial segment, then tells the server how far the archive has its WAL: a slot may let go of that much. */
    private long acknowledge(PGReplicationStream stream, ReceivingSegment segment) throws IOException, SQLException {
        durable = segment.flush();
        LogSequenceNumber lsn = LogSequenceNumber.valueOf(durable);
        stream.setFlushedLSN(lsn);
        stream.setAppliedLSN(lsn);
        stream.forceUpdateStatus();
        return System.nanoTime();
    }

    private void publish(Path file, String name) {
        WalArchive.Pushed pushed = archive.push(file, name);
        published++;
        events.accept(new StreamEvent.Published(pushed.name(), pushed.outcome(), pushed.size(), pushed.sha256()));
    }

    private record Started(PGReplicationStream stream, StreamStart start) {}

    /** Tries the start candidates in order while the server says it no longer has the WAL of one. */
    private Started start(ReplicationConnection rc, List<StreamStart> candidates, int timeline) throws SQLException {
        for (int i = 0; ; i++) {
            StreamStart candidate = candidates.get(i);
            try {
                return new Started(rc.startPhysical(candidate.lsn(), options.slot()), candidate);
            } catch (SQLException e) {
                boolean removed = "58P01".equals(e.getSQLState()) || String.valueOf(e.getMessage()).contains("has already been removed");
                if (!removed || i == candidates.size() - 1) throw e;
                events.accept(new StreamEvent.Skipped(WalFileName.segmentName(timeline, candidate.lsn() / segmentSize, segmentSize),
                        e.getMessage() + "; streaming " + candidates.get(i + 1).why() + " instead. The WAL in between comes only from "
                                + "archive_command now ('bulwark pitr check' finds gaps); a slot (--slot NAME --create-slot) keeps "
                                + "the server from removing WAL before wal-stream has it"));
            }
        }
    }

    /** The first stream into an empty archive records whose it is; after that, only that server may stream into it. */
    private void claimArchive(String systemIdentifier) throws IOException {
        Optional<ArchiveIdentity> identity = archive.identity();
        if (identity.isEmpty()) {
            Files.createDirectories(archive.dir());
            new ArchiveIdentity(systemIdentifier, segmentSize).write(archive.dir());
            return;
        }
        if (!identity.get().systemIdentifier().equals(systemIdentifier) || identity.get().segmentSize() != segmentSize) {
            throw new BulwarkException(ExitCode.CHECK_FAILED, "REFUSED to stream the WAL of " + url.redacted() + " (PostgreSQL "
                    + "system " + systemIdentifier + ", " + segmentSize + "-byte segments) into " + archive.dir() + ": the archive "
                    + "belongs to system " + identity.get().systemIdentifier() + " with " + identity.get().segmentSize()
                    + "-byte segments (" + ArchiveIdentity.FILE + "). Two servers must not share one archive: give this server its "
                    + "own database entry. Nothing was written");
        }
    }

    /** Publishes the history files of the server's timeline and its ancestors the archive lacks; returns the server's history. */
    private TimelineHistory publishHistories(ReplicationConnection rc, int timeline) throws SQLException, IOException {
        if (timeline == 1) return TimelineHistory.first(1);
        byte[] current = rc.timelineHistory(timeline);
        TimelineHistory history = TimelineHistory.parse(timeline, new String(current, java.nio.charset.StandardCharsets.UTF_8));
        publishHistory(timeline, current);
        for (TimelineHistory.Branch ancestor : history.ancestors()) {
            if (ancestor.timeline() > 1 && !archive.contains(historyName(ancestor.timeline()))) {
                publishHistory(ancestor.timeline(), rc.timelineHistory(ancestor.timeline()));
            }
        }
        return history;
    }

    private static String historyName(int timeline) {
        return String.format(Locale.ROOT, "%08X.history", timeline);
    }

    private void publishHistory(int timeline, byte[] content) throws IOException {
        String name = historyName(timeline);
        if (archive.contains(name)) return;
        Path tmp = Files.createDirectories(archive.partials().dir()).resolve(name);
        try {
            Files.write(tmp, content);
            publish(tmp, name);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Partial files of segments the archive has now (archive_command got them while this stream was away) are spent. */
    private void deletePublishedPartials(String receiving) throws IOException {
        for (PartialSegments.Partial p : archive.partials().list()) {
            String name = p.name().name();
            if (!name.equals(receiving) && archive.contains(name)) Files.deleteIfExists(archive.partials().file(name));
        }
    }

    /** pgjdbc's message for a broken stream is generic; the cause says what broke. */
    private static String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null || message.contains(cause.getMessage()) ? message
                : message + " (" + cause.getMessage() + ")";
    }

    private static void pause(Duration wait, BooleanSupplier keepGoing) {
        long until = System.nanoTime() + wait.toNanos();
        while (keepGoing.getAsBoolean() && System.nanoTime() < until) {
            if (!sleep(Duration.ofMillis(50))) return;
        }
    }

    /** Sleeps; false when interrupted, which means stop. */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
