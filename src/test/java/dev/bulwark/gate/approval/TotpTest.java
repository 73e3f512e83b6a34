package dev.bulwark.gate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {
    /** The SHA1 seed of RFC 6238 appendix B: the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void matchesRfc6238AppendixBSha1Vectors(long epochSecond, String expected) {
        assertThat(Totp.code(RFC_SEED, Totp.step(Instant.ofEpochSecond(epochSecond)), 8)).isEqualTo(expected);
    }

    @Test
    void sixDigitCodesAreTheLowDigitsOfTheEightDigitOnes() {
        long step = Totp.step(Instant.ofEpochSecond(1111111109));
        assertThat(Totp.code(RFC_SEED, step, 6)).isEqualTo("081804");
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32MatchesRfc4648Vectors(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
    }

    @Test
    void base32RoundTripsRandomBytesAndAcceptsHandTypedForms() {
        SecureRandom random = new SecureRandom();
        for (int length = 0; length < 64; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
        }
        assertThat(Base32.decode("mzxw 6ytb-oi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Base32.decode("MZ1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newSecretsAre160BitsAndDiffer() {
        String a = Totp.newSecret();
        assertThat(a).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Base32.decode(a)).hasSize(20);
        assertThat(Totp.newSecret()).isNotEqualTo(a);
    }

    @Test
    void acceptsTheCurrentStepAndOneEitherSideButNotTwo() {
        String secret = Base32.encode(RFC_SEED);
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        for (int drift = -1; drift <= 1; drift++) {
            String code = Totp.code(RFC_SEED, step + drift, 6);
            assertThat(Totp.match(secret, code, now, Long.MIN_VALUE)).hasValue(step + drift);
        }
        assertThat(Totp.match(secret, Totp.code(RFC_SEED, step - 2, 6), now, Long.MIN_VALUE)).isEmpty();
        assertThat(Totp.match(secret, Totp.code(RFC_SEED, step + 2, 6), now, Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void refusesACodeAtOrBeforeTheLastAcceptedStep() {
        String secret = Base32.encode(RFC_SEED);
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        long step = Totp.step(now);
        String code = Totp.code(RFC_SEED, step, 6);
        OptionalLong first = Totp.match(secret, code, now, Long.MIN_VALUE);
        assertThat(first).hasValue(step);
        assertThat(Totp.match(secret, code, now, first.getAsLong())).isEmpty();
        assertThat(Totp.match(secret, Totp.code(RFC_SEED, step - 1, 6), now, first.getAsLong())).isEmpty();
        assertThat(Totp.match(secret, Totp.code(RFC_SEED, step + 1, 6), now, first.getAsLong())).hasValue(step + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "1234567", "12a456", "-12345", "１２３４５６"})
    void rejectsMalformedCodes(String code) {
        assertThat(Totp.match(Base32.encode(RFC_SEED), code, Instant.now(), Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void acceptsACodeTypedWithASpace() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String code = Totp.code(RFC_SEED, Totp.step(now), 6);
        String spaced = code.substring(0, 3) + " " + code.substring(3);
        assertThat(Totp.match(Base32.encode(RFC_SEED), spaced, now, Long.MIN_VALUE)).isPresent();
    }

    @Test
    void otpauthUriHasTheParametersAuthenticatorAppsRead() {
        assertThat(Totp.otpauthUri("alice smith", "JBSWY3DPEHPK3PXP")).isEqualTo(
                "otpauth://totp/Bulwark:alice%20smith?secret=JBSWY3DPEHPK3PXP&issuer=Bulwark&algorithm=SHA1&digits=6&period=30");
    }
}
