package dev.bulwark.pitr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The long header on the first page of every WAL segment names the cluster that wrote it
 * ({@code xlp_sysid}) and the segment size, so a segment from a foreign server can be told apart
 * by reading 40 bytes.
 */
public record WalPageHeader(String systemIdentifier, long segmentSize) {
    private static final int XLP_LONG_HEADER = 0x0002;
    private static final int SYSID_OFFSET = 24;
    private static final int SEG_SIZE_OFFSET = 32;
    private static final int LENGTH = 40;

    /** The header of a segment file, or empty when the file does not start with a long page header. */
    public static Optional<WalPageHeader> read(Path segment) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(segment)) {
            head = in.readNBytes(LENGTH);
        }
        return parse(head);
    }

    static Optional<WalPageHeader> parse(byte[] head) {
        if (head.length < LENGTH) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.getShort(2) & XLP_LONG_HEADER) == 0) return Optional.empty();
        long sysid = b.getLong(SYSID_OFFSET);
        long segSize = Integer.toUnsignedLong(b.getInt(SEG_SIZE_OFFSET));
        return Optional.of(new WalPageHeader(Long.toUnsignedString(sysid), segSize));
    }
}
