package dev.bulwark.gate.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL runs it,
 * without channel binding: the gate advertises only {@code SCRAM-SHA-256}, so a client may send
 * the gs2 header {@code n,,} or {@code y,,} but never {@code p=}. As in PostgreSQL the user name
 * inside the SCRAM message is ignored (pgjdbc sends {@code *}); the startup packet's user picks
 * the verifier. One instance serves one exchange: {@link #firstMessage} then {@link #finalMessage}.
 */
public final class ScramServer {
    /** 18 random bytes, PostgreSQL's SCRAM_RAW_NONCE_LEN. */
    private static final int NONCE_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The outcome of the last message: {@code message} is {@code v=...} when authenticated, else {@code e=...}. */
    public record FinalResult(boolean authenticated, String message) {}

    private enum State { AWAITING_CLIENT_FIRST, AWAITING_CLIENT_FINAL, DONE }

    private final ScramVerifier verifier;
    private final Supplier<String> serverNonce;
    /** True for a stand-in exchange for an unknown user: it runs to the end and always fails. */
    private final boolean mock;

    private State state = State.AWAITING_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    public ScramServer(ScramVerifier verifier) {
        this(verifier, ScramServer::randomNonce, false);
    }

    /** With a fixed server nonce, for tests against published exchanges. */
    public ScramServer(ScramVerifier verifier, Supplier<String> serverNonce) {
        this(verifier, serverNonce, false);
    }

    private ScramServer(ScramVerifier verifier, Supplier<String> serverNonce, boolean mock) {
        this.verifier = verifier;
        this.serverNonce = serverNonce;
        this.mock = mock;
    }

    /**
     * An exchange for a user that does not exist, which looks like a real one to the client so that
     * login attempts cannot tell which agent names exist (PostgreSQL's scram_mock_salt does the
     * same): the salt is derived from the name and {@code mockSecret}, so it is the same on every
     * attempt, and the proof never verifies.
     */
    public static ScramServer forUnknownUser(String user, byte[] mockSecret) {
        byte[] seed = (user + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] material = Arrays.copyOf(seed, seed.length + mockSecret.length);
        System.arraycopy(mockSecret, 0, material, seed.length, mockSecret.length);
        byte[] salt = Arrays.copyOf(ScramCrypto.sha256(material), ScramVerifier.SALT_BYTES);
        byte[] junk = new byte[32];
        RANDOM.nextBytes(junk);
        ScramVerifier fake = new ScramVerifier(ScramVerifier.DEFAULT_ITERATIONS, salt, junk, junk);
        return new ScramServer(fake, ScramServer::randomNonce, true);
    }

    /** Answers the client-first-message with the server-first-message (nonce, salt, iterations). */
    public String firstMessage(String clientFirst) {
        expect(State.AWAITING_CLIENT_FIRST);
        String rest;
        if (clientFirst.startsWith("p=")) {
            throw new ScramException("channel binding is not supported; use SCRAM-SHA-256 without -PLUS");
        } else if (clientFirst.startsWith("n,") || clientFirst.startsWith("y,")) {
            rest = clientFirst.substring(2);
        } else {
            throw new ScramException("malformed client-first-message: it must start with n,, or y,,");
        }
        if (!rest.startsWith(",")) {
            throw new ScramException("authorization identities (a=) are not supported");
        }
        clientFirstBare = rest.substring(1);
        gs2Header = clientFirst.substring(0, clientFirst.length() - clientFirstBare.length());
        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes[0].startsWith("m=")) {
            throw new ScramException("mandatory extensions (m=) are not supported");
        }
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw new ScramException("malformed client-first-message: expected n=USER,r=NONCE");
        }
        String clientNonce = attributes[1].substring(2);
        if (clientNonce.isEmpty() || !clientNonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7e && c != ',')) {
            throw new ScramException("malformed client nonce");
        }
        nonce = clientNonce + serverNonce.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt())
                + ",i=" + verifier.iterations();
        state = State.AWAITING_CLIENT_FINAL;
        return serverFirst;
    }

    /** Checks the client-final-message's proof; on success the result carries {@code v=ServerSignature}. */
    public FinalResult finalMessage(String clientFinal) {
        expect(State.AWAITING_CLIENT_FINAL);
        state = State.DONE;
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (!clientFinal.startsWith("c=") || proofAt < 0) {
            throw new ScramException("malformed client-final-message: expected c=...,r=...,p=...");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[1].startsWith("r=")) {
            throw new ScramException("malformed client-final-message: expected c=...,r=...,p=...");
        }
        byte[] binding = decode(attributes[0].substring(2), "channel binding");
        if (!Arrays.equals(binding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            throw new ScramException("channel binding data does not match the gs2 header sent first");
        }
        if (!attributes[1].substring(2).equals(nonce)) {
            throw new ScramException("the nonce in client-final-message is not the one the server sent");
        }
        byte[] proof = decode(clientFinal.substring(proofAt + 3), "client proof");

        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] storedKey = verifier.storedKey();
        byte[] clientSignature = ScramCrypto.hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            return new FinalResult(false, "e=invalid-proof");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean valid = MessageDigest.isEqual(ScramCrypto.sha256(clientKey), storedKey);
        if (!valid || mock) {
            return new FinalResult(false, "e=invalid-proof");
        }
        byte[] serverSignature = ScramCrypto.hmac(verifier.serverKey(), authMessage);
        return new FinalResult(true, "v=" + Base64.getEncoder().encodeToString(serverSignature));
    }

    private void expect(State expected) {
        if (state != expected) {
            throw new ScramException("message out of order: the exchange is " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ScramException("malformed " + what + ": not base64");
        }
    }

    private static String randomNonce() {
        byte[] raw = new byte[NONCE_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
