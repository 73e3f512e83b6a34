package dev.bulwark.gate.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel
 * binding, an empty user name (the server takes the startup packet's). The gate uses it to log in
 * upstream with the read-only role; the server's signature is checked so a spoofed server
 * cannot pretend to have accepted the password.
 */
final class ScramClient {
    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverSignature;

    ScramClient(String password) {
        this(password, randomNonce());
    }

    ScramClient(String password, String clientNonce) {
        this.password = password;
        this.clientNonce = clientNonce;
    }

    String clientFirst() {
        clientFirstBare = "n=,r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    String clientFinal(String serverFirst) throws GeneralSecurityException {
        Map<Character, String> attrs = attributes(serverFirst);
        String nonce = attrs.get('r');
        if (nonce == null || !nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new GeneralSecurityException("the server's SCRAM nonce does not extend ours");
        }
        byte[] salt = Base64.getDecoder().decode(require(attrs, 's'));
        int iterations = Integer.parseInt(require(attrs, 'i'));
        if (iterations < 1 || iterations > 10_000_000) {
            throw new GeneralSecurityException("implausible SCRAM iteration count " + iterations);
        }
        byte[] salted = hi(password, salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    void verifyServerFinal(String serverFinal) throws GeneralSecurityException {
        Map<Character, String> attrs = attributes(serverFinal);
        if (attrs.containsKey('e')) {
            throw new GeneralSecurityException("the server rejected the SCRAM exchange: " + attrs.get('e'));
        }
        byte[] v = Base64.getDecoder().decode(require(attrs, 'v'));
        if (serverSignature == null || !MessageDigest.isEqual(v, serverSignature)) {
            throw new GeneralSecurityException("the server's SCRAM signature is wrong: it does not know the password");
        }
    }

    private static String require(Map<Character, String> attrs, char key) throws GeneralSecurityException {
        String v = attrs.get(key);
        if (v == null) throw new GeneralSecurityException("SCRAM message lacks '" + key + "'");
        return v;
    }

    private static Map<Character, String> attributes(String message) {
        Map<Character, String> out = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') out.put(part.charAt(0), part.substring(2));
        }
        return out;
    }

    private static byte[] hi(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomNonce() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
