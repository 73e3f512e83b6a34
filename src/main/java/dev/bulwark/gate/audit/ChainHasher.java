package dev.bulwark.gate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of an audit entry over an unambiguous encoding: the sequence number as 8 bytes, then
 * each field as a presence byte, a 4-byte length and its UTF-8 bytes, so no two different entries
 * (null vs empty, or text moved between fields) encode the same, and an entry cannot move
 * position. One hasher serves a whole batch or chain walk: the digest and the scratch bytes are
 * reused instead of made per entry. Not thread-safe.
 */
final class ChainHasher {
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest digest;
    private final byte[] scratch = new byte[8];

    ChainHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    String hash(long seq, String... fields) {
        bigEndian(seq, 8);
        for (String field : fields) {
            if (field == null) {
                digest.update((byte) 0);
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                digest.update((byte) 1);
                bigEndian(bytes.length, 4);
                digest.update(bytes);
            }
        }
        return HEX.formatHex(digest.digest()); // digest() also resets it for the next entry
    }

    private void bigEndian(long value, int length) {
        for (int i = length - 1; i >= 0; i--) {
            scratch[i] = (byte) value;
            value >>>= 8;
        }
        digest.update(scratch, 0, length);
    }
}
