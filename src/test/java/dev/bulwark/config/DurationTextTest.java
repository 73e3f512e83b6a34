package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
            "0s, 0",
            "1ms, 1",
            "250ms, 250",
            "90s, 90000",
            "15m, 900000",
            "1h, 3600000",
            "1h30m, 5400000",
            "7d, 604800000",
            "2w, 1209600000",
            "1d2h3m4s5ms, 93784005",
            "1h1h, 7200000",          // parts add up
            "30m1h, 5400000",         // in any order
            "' 15m ', 900000",        // surrounding blanks are ignored
            "1H30M, 5400000",         // units are case-insensitive
            "0015m, 900000"})
    void parses(String text, long millis) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"15", "15 minutes", "m", "1h 30m", "-5m", "+5m", "1.5h", "15mm", "15sec", "1y",
            "5 m", "h1", "15m,", "∞"})
    void rejects(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "' is not a duration")
                .hasMessageContaining("ms, s, m, h, d or w")
                .hasMessageContaining("15m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9223372036854775807d", "9223372036854775807w"})
    void rejectsOverflowWithTheDocumentedException(String text) {
        // parse() promises IllegalArgumentException for every bad input (the config loader relies on it
        // to name the key); an ArithmeticException from Duration arithmetic breaks that promise.
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0.0s",
            "1, 0.0s",
            "50, 0.1s",
            "2400, 2.4s",
            "9949, 9.9s",
            "10000, 10s",
            "59999, 59s",
            "60000, 1m",
            "61000, 1m1s",
            "90000, 1m30s",
            "900000, 15m",
            "3600000, 1h",
            "3605000, 1h5s",
            "5400000, 1h30m",
            "86400000, 1d",
            "93784005, 1d2h3m",     // seconds are not shown once there are days
            "604800000, 7d"})
    void formats(long millis, String expected) {
        assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void formatsNegative() {
        assertThat(DurationText.format(Duration.ofMinutes(-15))).isEqualTo("-15m");
        assertThat(DurationText.format(Duration.ofMillis(-2400))).isEqualTo("-2.4s");
    }

    @Test
    void formatIsIndependentOfTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(DurationText.format(Duration.ofMillis(2400))).isEqualTo("2.4s");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "15m", "1h30m", "1h5s", "7d", "1d2h3m", "59m59s", "23h59m59s"})
    void formatParsesBack(String text) {
        Duration d = DurationText.parse(text);
        assertThat(DurationText.format(d)).isEqualTo(text);
        assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }
}
