package dev.bulwark.pitr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.bulwark.BulwarkException;

/**
 * The folder {@code <archive>/.partial/} where wal-stream writes the segment it is receiving, as
 * {@code <segment>.partial}: the file holds exactly the bytes received from the segment's start
 * (no padding), so its length says how far the archive reaches. A finished segment is published
 * as an ordinary archived file and its partial deleted. Nothing here is a WAL file of the archive:
 * listings, gap checks and plain fetches ignore it.
 */
public final class PartialSegments {
    static final String DIR = ".partial";
    static final String SUFFIX = ".partial";

    private final Path dir;

    PartialSegments(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Where the segment {@code segmentName} is written while it arrives. */
    public Path file(String segmentName) {
        return dir.resolve(segmentName + SUFFIX);
    }

    boolean has(String segmentName) {
        return Files.isRegularFile(file(segmentName));
    }

    /** A segment being received: how much has arrived and when it last grew. */
    public record Partial(WalFileName name, long bytes, Instant modifiedAt) {}

    /** The newest segment wal-stream is receiving (or was, when it stopped). */
    public Optional<Partial> newest() {
        List<Partial> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every partial segment, in name order (timeline, then position). */
    public List<Partial> list() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Partial> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Optional<WalFileName> name = segmentNameOf(f);
                if (name.isEmpty()) continue;
                try {
                    out.add(new Partial(name.get(), Files.size(f), Files.getLastModifiedTime(f).toInstant()));
                } catch (NoSuchFileException published) {
                    // finished and published while listing
                }
            }
        } catch (IOException e) {
            throw BulwarkException.environment("cannot list " + dir + ": " + WalArchive.describe(e), e);
        }
        out.sort(Comparator.comparing(p -> p.name().name()));
        return out;
    }

    private static Optional<WalFileName> segmentNameOf(Path file) {
        String f = file.getFileName().toString();
        if (!f.endsWith(SUFFIX)) return Optional.empty();
        String stem = f.substring(0, f.length() - SUFFIX.length());
        if (!WalFileName.isWalFileName(stem)) return Optional.empty();
        WalFileName name = WalFileName.parse(stem);
        return name.isSegment() ? Optional.of(name) : Optional.empty();
    }

    /**
     * Copies what has arrived of a segment, padded with zeros to the segment size: PostgreSQL only
     * takes whole segments from restore_command, and replay reads the zeros as the end of the WAL
     * (what pg_receivewal users get by renaming a .partial by hand). The file may grow while it is
     * read; whatever was there is a prefix of the segment, and replay checks every record's CRC.
     */
    void copyPadded(String segmentName, long segmentSize, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = segmentSize;
        try (InputStream in = Files.newInputStream(file(segmentName))) {
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
                out.write(buf, 0, n);
            }
        }
        java.util.Arrays.fill(buf, (byte) 0);
        for (int n; left > 0; left -= n) {
            n = (int) Math.min(buf.length, left);
            out.write(buf, 0, n);
        }
    }
}
