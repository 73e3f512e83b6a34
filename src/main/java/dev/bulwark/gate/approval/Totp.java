package dev.bulwark.gate.approval;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps implement them: HMAC-SHA1,
 * 30-second steps, 6 digits. Verification accepts the current step and one step either side for
 * clock drift, and refuses any step at or before the last one accepted for the same approver, so
 * a code seen over someone's shoulder cannot be used again (RFC 6238 section 5.2). Remembering
 * that step is the caller's job ({@link ApprovalStore} keeps it per approver).
 */
public final class Totp {
    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    /** Steps accepted either side of the current one. */
    public static final int DRIFT_STEPS = 1;
    /** 160 bits: the HMAC-SHA1 block-size recommendation of RFC 4226 section 4. */
    public static final int SECRET_BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return Base32.encode(key);
    }

    /** The enrollment URI an authenticator app reads (usually as a QR code). */
    public static String otpauthUri(String name, String secretBase32) {
        String label = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/Bulwark:" + label + "?secret=" + secretBase32
                + "&issuer=Bulwark&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
    }

    public static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), PERIOD_SECONDS);
    }

    /** The HOTP value (RFC 4226) of one step, zero-padded to {@code digits}. */
    public static String code(byte[] key, long step, int digits) {
        if (digits < 6 || digits > 9) {
            throw new IllegalArgumentException("TOTP codes have 6 to 9 digits, not " + digits);
        }
        byte[] hash = hmacSha1(key, step);
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        int modulus = (int) Math.pow(10, digits);
        String value = Integer.toString(binary % modulus);
        return "0".repeat(digits - value.length()) + value;
    }

    /**
     * The step that {@code code} matches at {@code now} (within the drift window) and that is later
     * than {@code lastAcceptedStep}; empty if the code is wrong, malformed or already used. Pass
     * {@code Long.MIN_VALUE} when no code was accepted before.
     */
    public static OptionalLong match(String secretBase32, String code, Instant now, long lastAcceptedStep) {
        if (code == null) {
            return OptionalLong.empty();
        }
        String typed = code.replace(" ", "");
        if (typed.length() != DIGITS || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] key = Base32.decode(secretBase32);
        long current = step(now);
        // Check every step in the window even after a match so the time taken does not say which one matched.
        long matched = Long.MIN_VALUE;
        for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
            byte[] expected = code(key, s, DIGITS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, typed.getBytes(StandardCharsets.US_ASCII)) && s > lastAcceptedStep) {
                matched = Math.max(matched, s);
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    private static byte[] hmacSha1(byte[] key, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] message = new byte[8];
            for (int i = 7; i >= 0; i--) {
                message[i] = (byte) counter;
                counter >>>= 8;
            }
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }
}
