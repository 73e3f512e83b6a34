package dev.bulwark.pitr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;

/**
 * One archived WAL file: plain gzip (zcat reads it), whose header comment carries the SHA-256 and
 * size of the original. Keeping the checksum inside the one file means a single rename publishes
 * data and checksum together: there is never a segment without its checksum or the reverse.
 */
public final class ArchivedWalFile {
    private static final int FCOMMENT = 0x10;
    private static final Pattern COMMENT = Pattern.compile("bulwark-wal sha256=([0-9a-f]{64}) size=(\\d{20})");
    private static final int HEADER_LIMIT = 256;

    private ArchivedWalFile() {}

    /** What the header says the original was. */
    public record Original(String sha256, long size) {}

    /**
     * Compresses {@code in} into {@code out} (an empty file) in one pass: the header is written with
     * a fixed-width placeholder and patched with the digest once the data is through.
     */
    public static Original write(InputStream in, FileChannel out) throws IOException {
        out.write(ByteBuffer.wrap(header(new Original("0".repeat(64), 0))));
        MessageDigest sha = sha256();
        CRC32 crc = new CRC32();
        long size = 0;
        // Level 1: WAL segments are mostly zero padding or already dense; higher levels cost time per segment for little.
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            OutputStream sink = Channels.newOutputStream(out);
            DeflaterOutputStream deflate = new DeflaterOutputStream(sink, deflater, 1 << 16);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                crc.update(buf, 0, n);
                deflate.write(buf, 0, n);
                size += n;
            }
            deflate.finish();
            deflate.flush();
        } finally {
            deflater.end();
        }
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).putInt((int) size);
        out.write(trailer.flip());
        Original original = new Original(HexFormat.of().formatHex(sha.digest()), size);
        out.write(ByteBuffer.wrap(header(original)), 0);
        return original;
    }

    private static byte[] header(Original original) {
        byte[] comment = String.format(java.util.Locale.ROOT, "bulwark-wal sha256=%s size=%020d", original.sha256(), original.size())
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + comment.length + 1);
        b.put(new byte[] {0x1f, (byte) 0x8b, 8, FCOMMENT, 0, 0, 0, 0, 0, (byte) 255}).put(comment).put((byte) 0);
        return b.array();
    }

    /** The original's digest and size from the header of an archived file. */
    public static Original header(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_LIMIT);
        }
        if (head.length < 11 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b || (head[3] & FCOMMENT) == 0) {
            throw new CorruptArchiveException(file + " is not a WAL file archived by Bulwark (no gzip header with a checksum)");
        }
        int end = 10;
        while (end < head.length && head[end] != 0) end++;
        Matcher m = COMMENT.matcher(new String(head, 10, end - 10, StandardCharsets.US_ASCII));
        if (end == head.length || !m.matches()) {
            throw new CorruptArchiveException(file + " has no checksum in its header");
        }
        return new Original(m.group(1), Long.parseLong(m.group(2)));
    }

    /**
     * Decompresses an archived file into {@code out} and checks it against its header; the caller
     * must not use what was written unless this returns without an exception.
     */
    public static void extract(Path file, OutputStream out) throws IOException {
        Original expected = header(file);
        MessageDigest sha = sha256();
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
                size += n;
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new CorruptArchiveException(file + " is damaged: " + e.getMessage());
        }
        String found = HexFormat.of().formatHex(sha.digest());
        if (size != expected.size() || !found.equals(expected.sha256())) {
            throw new CorruptArchiveException(file + " is damaged: its content (" + size + " bytes, SHA-256 " + found
                    + ") is not what was archived (" + expected.size() + " bytes, SHA-256 " + expected.sha256() + ")");
        }
    }

    /** An archived file whose content does not match its checksum. */
    public static final class CorruptArchiveException extends IOException {
        CorruptArchiveException(String message) {
            super(message);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

}
