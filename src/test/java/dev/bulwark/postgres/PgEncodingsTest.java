package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PgEncodingsTest {
    @Test
    void mapsServerEncodingsToJavaCharsets() {
        assertThat(PgEncodings.javaCharset("UTF8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(PgEncodings.javaCharset("LATIN1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(PgEncodings.javaCharset("latin9").name()).isEqualTo("ISO-8859-15");
        assertThat(PgEncodings.javaCharset("WIN1251").name()).isEqualTo("windows-1251");
        assertThat(PgEncodings.javaCharset("EUC_JP").name()).isEqualTo("EUC-JP");
    }

    @Test
    void encodingsWithoutAJavaCharsetKeepEveryByte() {
        assertThat(PgEncodings.javaCharset("SQL_ASCII")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(PgEncodings.javaCharset("MULE_INTERNAL")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(PgEncodings.javaCharset(null)).isEqualTo(StandardCharsets.ISO_8859_1);
    }
}
