package dev.bulwark.gate.approval;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gate keeps instead of an agent's password: the SCRAM-SHA-256 salt, iteration count,
 * StoredKey and ServerKey, in PostgreSQL's {@code pg_authid.rolpassword} text form
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64). Knowing it lets the
 * gate check a client's proof, but not log in as the agent elsewhere without a further attack.
 */
public final class ScramVerifier {
    public static final int DEFAULT_ITERATIONS = 4096;
    public static final int SALT_BYTES = 16;

    private static final Pattern TEXT = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d{1,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;

    ScramVerifier(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be positive, not " + iterations);
        }
        if (storedKey.length != 32 || serverKey.length != 32) {
            throw new IllegalArgumentException("SCRAM-SHA-256 keys are 32 bytes");
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.storedKey = storedKey.clone();
        this.serverKey = serverKey.clone();
    }

    /** A verifier for {@code password} with a fresh random salt and 4096 iterations (PostgreSQL's default). */
    public static ScramVerifier create(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return create(password, salt, DEFAULT_ITERATIONS);
    }

    public static ScramVerifier create(String password, byte[] salt, int iterations) {
        byte[] salted = ScramCrypto.hi(ScramCrypto.normalize(password), salt, iterations);
        byte[] clientKey = ScramCrypto.hmac(salted, "Client Key");
        byte[] serverKey = ScramCrypto.hmac(salted, "Server Key");
        return new ScramVerifier(iterations, salt, ScramCrypto.sha256(clientKey), serverKey);
    }

    /** @throws IllegalArgumentException if {@code text} is not a SCRAM-SHA-256 verifier */
    public static ScramVerifier parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier (SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramVerifier(Integer.parseInt(m.group(1)), b64.decode(m.group(2)),
                b64.decode(m.group(3)), b64.decode(m.group(4)));
    }

    public String text() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
    }

    public int iterations() {
        return iterations;
    }

    public byte[] salt() {
        return salt.clone();
    }

    byte[] storedKey() {
        return storedKey.clone();
    }

    byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
                && Arrays.equals(storedKey, v.storedKey) && Arrays.equals(serverKey, v.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    /** Deliberately not the keys: verifiers end up in logs through toString more often than one thinks. */
    @Override
    public String toString() {
        return "ScramVerifier[SCRAM-SHA-256, " + iterations + " iterations]";
    }
}
