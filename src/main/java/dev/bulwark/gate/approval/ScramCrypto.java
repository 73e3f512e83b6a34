package dev.bulwark.gate.approval;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM-SHA-256 primitives of RFC 5802 section 3, shared by the verifier and the server. */
final class ScramCrypto {
    private ScramCrypto() {}

    /**
     * The password bytes SCRAM hashes. Full SASLprep (RFC 4013) is narrowed to its main effect:
     * ASCII passwords are used as they are and any other password is NFKC-normalised. Bulwark's
     * generated passwords are ASCII, so the difference from PostgreSQL (which applies full SASLprep
     * and falls back to the raw bytes when a password has prohibited characters) only matters for
     * hand-chosen non-ASCII passwords with unusual spaces or control characters.
     */
    static byte[] normalize(String password) {
        boolean ascii = password.chars().allMatch(c -> c < 0x80);
        String prepared = ascii ? password : Normalizer.normalize(password, Normalizer.Form.NFKC);
        return prepared.getBytes(StandardCharsets.UTF_8);
    }

    /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 and one 32-byte block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        Mac mac = hmac(password);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    static byte[] hmac(byte[] key, String message) {
        return hmac(key).doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty password is a legal SCRAM input but SecretKeySpec refuses empty keys; HMAC pads
            // keys with zeros, so a single zero byte gives the same result.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
