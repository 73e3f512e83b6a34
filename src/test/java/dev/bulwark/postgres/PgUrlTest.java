package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgUrlTest {

    private static final String SECRET = "s3cr3t-P@ss:w/rd?#&=+ %é";
    private static final String SECRET_ENCODED = "s3cr3t-P%40ss%3Aw%2Frd%3F%23%26%3D%2B%20%25%C3%A9";

    @Test
    void parsesAllParts() {
        PgUrl u = PgUrl.parse("postgresql://backup:hunter2@db.internal:6432/app?sslmode=require&connect_timeout=5");

        assertThat(u.user()).isEqualTo("backup");
        assertThat(u.password()).isEqualTo("hunter2");
        assertThat(u.host()).isEqualTo("db.internal");
        assertThat(u.port()).isEqualTo(6432);
        assertThat(u.database()).isEqualTo("app");
        assertThat(u.params()).containsExactlyInAnyOrderEntriesOf(Map.of("sslmode", "require", "connect_timeout", "5"));
    }

    @Test
    void decodesPercentEncodedPassword() {
        PgUrl u = PgUrl.parse("postgresql://backup:" + SECRET_ENCODED + "@db:5432/app");
        assertThat(u.password()).isEqualTo(SECRET);
        assertThat(u.host()).isEqualTo("db");
        assertThat(u.database()).isEqualTo("app");
    }

    @Test
    void plusInPasswordIsAPlus() {
        // Percent-decoding, not form-decoding: '+' is not a space in a URI's userinfo.
        assertThat(PgUrl.parse("postgresql://u:a+b@h/d").password()).isEqualTo("a+b");
    }

    @Test
    void unencodedAtSignInPasswordSplitsAtTheLastOne() {
        PgUrl u = PgUrl.parse("postgresql://u:p@ss@h/d");
        assertThat(u.user()).isEqualTo("u");
        assertThat(u.password()).isEqualTo("p@ss");
        assertThat(u.host()).isEqualTo("h");
    }

    @Test
    void decodesUserAndDatabase() {
        PgUrl u = PgUrl.parse("postgresql://ai%20reader@h/my%20db");
        assertThat(u.user()).isEqualTo("ai reader");
        assertThat(u.database()).isEqualTo("my db");
    }

    @Test
    void postgresSchemeIsAccepted() {
        PgUrl u = PgUrl.parse("postgres://app@db/app");
        assertThat(u).isEqualTo(PgUrl.parse("postgresql://app@db/app"));
        assertThat(u.host()).isEqualTo("db");
    }

    @Test
    void defaultPortIs5432() {
        assertThat(PgUrl.parse("postgresql://u@db/app").port()).isEqualTo(5432);
    }

    @Test
    void userWithoutPassword() {
        PgUrl u = PgUrl.parse("postgresql://backup@db/app");
        assertThat(u.user()).isEqualTo("backup");
        assertThat(u.password()).isNull();
        assertThat(u.jdbcProperties()).doesNotContainKey("password");
    }

    @Test
    void emptyPassword() {
        assertThat(PgUrl.parse("postgresql://backup:@db/app").password()).isEmpty();
    }

    @Test
    void missingDatabaseDefaultsToUserLikeLibpq() {
        assertThat(PgUrl.parse("postgresql://backup@db").database()).isEqualTo("backup");
        assertThat(PgUrl.parse("postgresql://backup@db:5433/").database()).isEqualTo("backup");
    }

    @Test
    void missingDatabaseAndUserDefaultsToPostgres() {
        PgUrl u = PgUrl.parse("postgresql://db");
        assertThat(u.database()).isEqualTo("postgres");
        assertThat(u.user()).isNull();
        assertThat(u.host()).isEqualTo("db");
    }

    @Test
    void missingHostIsLocalhost() {
        PgUrl u = PgUrl.parse("postgresql:///app");
        assertThat(u.host()).isEqualTo("localhost");
        assertThat(u.port()).isEqualTo(5432);
        assertThat(u.database()).isEqualTo("app");
    }

    @Test
    void socketDirectoryInHostParameter() {
        PgUrl u = PgUrl.parse("postgresql://backup@/app?host=/var/run/postgresql");

        assertThat(u.host()).isEqualTo("/var/run/postgresql");
        assertThat(u.database()).isEqualTo("app");
        assertThat(u.params()).doesNotContainKey("host");
        assertThat(u.libpqUri()).isEqualTo("postgresql://backup@:5432/app?host=%2Fvar%2Frun%2Fpostgresql");
        assertThat(u.redacted()).isEqualTo("backup@/var/run/postgresql:5432/app");
    }

    @Test
    void encodedSocketDirectoryAndPortInUrl() {
        PgUrl u = PgUrl.parse("postgresql://:5433/app?host=%2Ftmp%2Fsandbox%20dir");
        assertThat(u.host()).isEqualTo("/tmp/sandbox dir");
        assertThat(u.port()).isEqualTo(5433);
    }

    @Test
    void parametersOverrideUserPasswordAndDatabase() {
        PgUrl u = PgUrl.parse("postgresql://h?dbname=app&user=backup&password=pw&sslmode=verify-full");
        assertThat(u.database()).isEqualTo("app");
        assertThat(u.user()).isEqualTo("backup");
        assertThat(u.password()).isEqualTo("pw");
        assertThat(u.params()).containsOnlyKeys("sslmode");
    }

    @Test
    void ipv6Host() {
        PgUrl withPort = PgUrl.parse("postgresql://u@[::1]:5433/app");
        assertThat(withPort.host()).isEqualTo("[::1]");
        assertThat(withPort.port()).isEqualTo(5433);

        PgUrl withoutPort = PgUrl.parse("postgresql://u@[fe80::1]/app");
        assertThat(withoutPort.host()).isEqualTo("[fe80::1]");
        assertThat(withoutPort.port()).isEqualTo(5432);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u@db:abc/app", "postgresql://u@db:54x2/app", "postgresql://u@db:/app"})
    void portThatIsNotANumber(String url) {
        assertThatThrownBy(() -> PgUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port that is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://u@db:0/app", "postgresql://u@db:65536/app", "postgresql://u@db:-1/app"})
    void portOutOfRange(String url) {
        assertThatThrownBy(() -> PgUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://u@db/app", "jdbc:postgresql://db/app", "db:5432/app", "", "POSTGRESQL://db/app"})
    void wrongScheme(String url) {
        assertThatThrownBy(() -> PgUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://user@host:5432/dbname");
    }

    @Test
    void nullUrl() {
        assertThatThrownBy(() -> PgUrl.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessage("is missing");
    }

    @Test
    void malformedParameter() {
        assertThatThrownBy(() -> PgUrl.parse("postgresql://db/app?sslmode"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed parameter 'sslmode'");
    }

    // --- the password never leaks ---

    @Test
    void redactedAndToStringOmitThePassword() {
        PgUrl u = PgUrl.parse("postgresql://backup:" + SECRET_ENCODED + "@db.internal:6432/app?sslmode=require");

        assertThat(u.redacted()).isEqualTo("backup@db.internal:6432/app");
        assertThat(u.toString()).isEqualTo(u.redacted());
        for (String shown : new String[] {u.redacted(), u.toString(), u.libpqUri(), u.jdbcUrl()}) {
            assertThat(shown).doesNotContain(SECRET).doesNotContain(SECRET_ENCODED).doesNotContain("s3cr3t");
        }
    }

    @Test
    void passwordGivenAsParameterIsNotKeptInParams() {
        PgUrl u = PgUrl.parse("postgresql://backup@db/app?password=hunter2&sslmode=require");

        assertThat(u.password()).isEqualTo("hunter2");
        assertThat(u.params()).doesNotContainKey("password");
        assertThat(u.libpqUri()).doesNotContain("hunter2").contains("sslmode=require");
        assertThat(u.toString()).doesNotContain("hunter2");
    }

    @Test
    void libpqUriRoundTripsWithoutPassword() {
        PgUrl u = PgUrl.parse("postgresql://ai%20reader:pw@db.internal:6432/my%20db?sslmode=require&application_name=x%26y");

        String uri = u.libpqUri();
        assertThat(uri).startsWith("postgresql://ai%20reader@db.internal:6432/my%20db?").doesNotContain("pw");
        PgUrl back = PgUrl.parse(uri);
        assertThat(back).isEqualTo(u.withPassword(null));
    }

    @Test
    void jdbcPropertiesCarryUserAndPassword() {
        PgUrl u = PgUrl.parse("postgresql://backup:" + SECRET_ENCODED + "@db:5432/app?sslmode=require");

        Properties p = u.jdbcProperties();
        assertThat(p.getProperty("user")).isEqualTo("backup");
        assertThat(p.getProperty("password")).isEqualTo(SECRET);
        assertThat(p.getProperty("sslmode")).isEqualTo("require");
        assertThat(p.getProperty("ApplicationName")).isEqualTo("bulwark");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/app");
    }

    @Test
    void applicationNameParameterIsUsedForJdbc() {
        assertThat(PgUrl.parse("postgresql://db/app?application_name=nightly").jdbcProperties().getProperty("ApplicationName"))
                .isEqualTo("nightly");
    }

    @Test
    void withDatabaseAndWithPassword() {
        PgUrl u = PgUrl.parse("postgresql://backup:pw@db:6432/app?sslmode=require");

        PgUrl other = u.withDatabase("bulwark_verify");
        assertThat(other.database()).isEqualTo("bulwark_verify");
        assertThat(other.password()).isEqualTo("pw");
        assertThat(other.params()).isEqualTo(u.params());
        assertThat(u.withPassword("new").jdbcProperties().getProperty("password")).isEqualTo("new");
        assertThat(u.database()).isEqualTo("app");
    }

    @Test
    void paramsAreImmutable() {
        PgUrl u = PgUrl.parse("postgresql://db/app?sslmode=require");
        assertThatThrownBy(() -> u.params().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
