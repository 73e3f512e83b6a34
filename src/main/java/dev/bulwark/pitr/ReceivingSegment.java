package dev.bulwark.pitr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.bulwark.repository.AtomicFiles;

/**
 * The segment wal-stream is writing: {@code <archive>/.partial/<segment>.partial}, filled from the
 * segment's start with the WAL as it arrives. When the last byte of a segment is written, the file
 * is fsynced and handed to {@link Publisher} (the archive's ordinary push, with its checksum and
 * its refusal of different content), then deleted, and the next segment's file is begun.
 */
final class ReceivingSegment implements AutoCloseable {
    /** Publishes a finished segment file under its WAL file name. */
    interface Publisher {
        void publish(Path file, String segmentName) throws IOException;
    }

    private final PartialSegments partials;
    private final int timeline;
    private final long segmentSize;
    private long segmentNumber;
    private FileChannel channel;
    private long written;
    private long durable;

    private ReceivingSegment(PartialSegments partials, int timeline, long segmentSize, long startLsn) {
        this.partials = partials;
        this.timeline = timeline;
        this.segmentSize = segmentSize;
        this.segmentNumber = startLsn / segmentSize;
        this.written = startLsn;
        this.durable = startLsn;
    }

    /** Begins the segment that starts at {@code startLsn} (a segment boundary), replacing what an earlier run left of it. */
    static ReceivingSegment begin(PartialSegments partials, int timeline, long segmentSize, long startLsn) throws IOException {
        if (startLsn % segmentSize != 0) {
            throw new IllegalArgumentException("streaming must start at a segment boundary, not " + Lsn.format(startLsn));
        }
        Files.createDirectories(partials.dir());
        ReceivingSegment r = new ReceivingSegment(partials, timeline, segmentSize, startLsn);
        r.openFile();
        return r;
    }

    String segmentName() {
        return WalFileName.segmentName(timeline, segmentNumber, segmentSize);
    }

    /** Everything before this LSN is in the file (or published). */
    long written() {
        return written;
    }

    /** Everything before this LSN is fsynced (or published). */
    long durable() {
        return durable;
    }

    boolean dirty() {
        return written > durable;
    }

    long bytesInFile() {
        return written - segmentNumber * segmentSize;
    }

    /**
     * Writes WAL that begins at {@code start}; crossing the end of a segment publishes it. Returns
     * how many segments were published.
     */
    int append(long start, ByteBuffer data, Publisher publisher) throws IOException {
        if (start > written) {
            throw new IOException("the server sent WAL from " + Lsn.format(start) + " while " + Lsn.format(written)
                    + " was next: the stream has a hole");
        }
        if (start < written) data.position(data.position() + (int) Math.min(data.remaining(), written - start));
        int published = 0;
        while (data.hasRemaining()) {
            long segmentEnd = (segmentNumber + 1) * segmentSize;
            int n = (int) Math.min(data.remaining(), segmentEnd - written);
            ByteBuffer part = data.slice(data.position(), n);
            long offset = written - segmentNumber * segmentSize;
            while (part.hasRemaining()) offset += channel.write(part, offset);
            data.position(data.position() + n);
            written += n;
            if (written == segmentEnd) {
                finishSegment(publisher);
                published++;
            }
        }
        return published;
    }

    /** fsyncs what was written; returns the LSN before which everything is durable. */
    long flush() throws IOException {
        if (dirty()) {
            channel.force(false);
            durable = written;
        }
        return durable;
    }

    private void finishSegment(Publisher publisher) throws IOException {
        channel.force(false);
        channel.close();
        durable = written;
        Path file = partials.file(segmentName());
        publisher.publish(file, segmentName());
        Files.delete(file);
        segmentNumber++;
        openFile();
    }

    private void openFile() throws IOException {
        channel = FileChannel.open(partials.file(segmentName()), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        // The file's name must survive a crash too, or the data fsynced into it is lost with it.
        AtomicFiles.fsyncDirectory(partials.dir());
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
