package dev.bulwark.gate.approval;

import java.security.SecureRandom;

/** Generated agent passwords: printed once, stored only as a {@link ScramVerifier}. */
public final class Passwords {
    /** URL-safe, so the password can sit in a postgresql:// URL without escaping. 64 symbols = 6 bits each. */
    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** 24 characters = 144 bits, beyond any online or offline guessing. */
    public static final int LENGTH = 24;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    public static String generate() {
        StringBuilder out = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
