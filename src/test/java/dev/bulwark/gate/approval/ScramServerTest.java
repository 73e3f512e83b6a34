package dev.bulwark.gate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.shaded.com.ongres.scram.client.ScramClient;
import org.postgresql.shaded.com.ongres.scram.common.StringPreparation;

class ScramServerTest {
    // RFC 7677 section 3: user "user", password "pencil"
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramVerifier rfcVerifier() {
        return ScramVerifier.create("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    }

    @Test
    void reproducesTheRfc7677Exchange() {
        ScramServer server = new ScramServer(rfcVerifier(), () -> SERVER_NONCE);
        assertThat(server.firstMessage(CLIENT_FIRST)).isEqualTo(SERVER_FIRST);
        assertThat(server.finalMessage(CLIENT_FINAL)).isEqualTo(new ScramServer.FinalResult(true, SERVER_FINAL));
    }

    @Test
    void verifierTextRoundTripsInPostgresFormat() {
        ScramVerifier v = rfcVerifier();
        assertThat(v.text()).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
        assertThat(ScramVerifier.parse(v.text())).isEqualTo(v);
        assertThat(v.toString()).doesNotContain(Base64.getEncoder().encodeToString(v.storedKey()));
        assertThatThrownBy(() -> ScramVerifier.parse("md5abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void computesTheSameVerifierAsPostgres() {
        // rolpassword of a role given the password "x" by PostgreSQL 15 (initdb --pwfile, password_encryption=scram-sha-256)
        String fromPostgres = "SCRAM-SHA-256$4096:IQdsJppS6cx6Vf96QwujAg==$L0J7sUq5udTFtg0jJeQShaOfZOA8OgCQLR2jg1cmSIk="
                + ":LiRAw+tYp+JfKMFE84Yas8rDpEpt4Kw4mE1O9ZKL+hU=";
        ScramVerifier parsed = ScramVerifier.parse(fromPostgres);
        assertThat(ScramVerifier.create("x", parsed.salt(), 4096).text()).isEqualTo(fromPostgres);
    }

    @Test
    void createdVerifiersUseFreshSaltsAnd4096Iterations() {
        ScramVerifier a = ScramVerifier.create("secret");
        ScramVerifier b = ScramVerifier.create("secret");
        assertThat(a.iterations()).isEqualTo(4096);
        assertThat(a.salt()).hasSize(16).isNotEqualTo(b.salt());
    }

    @Test
    void authenticatesPgjdbcsOwnScramClient() throws Exception {
        String password = Passwords.generate();
        ScramServer server = new ScramServer(ScramVerifier.create(password));
        ScramClient client = pgjdbcClient(password);
        String serverFirst = server.firstMessage(client.clientFirstMessage().toString());
        client.serverFirstMessage(serverFirst);
        ScramServer.FinalResult result = server.finalMessage(client.clientFinalMessage().toString());
        assertThat(result.authenticated()).isTrue();
        client.serverFinalMessage(result.message()); // throws if the server signature is wrong
    }

    @Test
    void refusesAWrongPassword() throws Exception {
        ScramServer server = new ScramServer(ScramVerifier.create("right"));
        ScramClient client = pgjdbcClient("wrong");
        client.serverFirstMessage(server.firstMessage(client.clientFirstMessage().toString()));
        assertThat(server.finalMessage(client.clientFinalMessage().toString()))
                .isEqualTo(new ScramServer.FinalResult(false, "e=invalid-proof"));
    }

    @Test
    void nonAsciiPasswordsAreNormalisedSoComposedAndDecomposedFormsAgree() {
        ScramVerifier composed = ScramVerifier.create("caf\u00e9", new byte[16], 4096);
        ScramVerifier decomposed = ScramVerifier.create("cafe\u0301", new byte[16], 4096);
        assertThat(composed).isEqualTo(decomposed);
    }

    @Test
    void acceptsAClientThatSupportsChannelBindingButDoesNotUseIt() {
        ScramServer server = new ScramServer(rfcVerifier(), () -> SERVER_NONCE);
        String first = server.firstMessage("y,,n=*,r=abc");
        assertThat(first).startsWith("r=abc" + SERVER_NONCE + ",");
        // c= must carry the "y,," header; a proof of zeros is simply wrong, not malformed
        String fin = "c=" + Base64.getEncoder().encodeToString("y,,".getBytes()) + ",r=abc" + SERVER_NONCE
                + ",p=" + Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(server.finalMessage(fin).authenticated()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"p=tls-server-end-point,,n=user,r=abc", "n,a=admin,n=user,r=abc", "n,,m=ext,n=user,r=abc",
            "x,,n=user,r=abc", "n,,n=user", "n,,n=user,r=", "n,,r=abc,n=user"})
    void refusesClientFirstMessagesItDoesNotSupport(String clientFirst) {
        ScramServer server = new ScramServer(rfcVerifier());
        assertThatThrownBy(() -> server.firstMessage(clientFirst)).isInstanceOf(ScramException.class);
    }

    @Test
    void refusesAFinalMessageWithAnotherNonceOrBinding() {
        ScramServer wrongNonce = new ScramServer(rfcVerifier(), () -> SERVER_NONCE);
        wrongNonce.firstMessage(CLIENT_FIRST);
        assertThatThrownBy(() -> wrongNonce.finalMessage(CLIENT_FINAL.replace("k0,p=", "k1,p=")))
                .isInstanceOf(ScramException.class).hasMessageContaining("nonce");

        ScramServer wrongBinding = new ScramServer(rfcVerifier(), () -> SERVER_NONCE);
        wrongBinding.firstMessage(CLIENT_FIRST);
        assertThatThrownBy(() -> wrongBinding.finalMessage(CLIENT_FINAL.replace("c=biws", "c=eSws")))
                .isInstanceOf(ScramException.class).hasMessageContaining("channel binding");
    }

    @Test
    void refusesMessagesOutOfOrder() {
        ScramServer server = new ScramServer(rfcVerifier(), () -> SERVER_NONCE);
        assertThatThrownBy(() -> server.finalMessage(CLIENT_FINAL)).isInstanceOf(ScramException.class);
        server.firstMessage(CLIENT_FIRST);
        assertThatThrownBy(() -> server.firstMessage(CLIENT_FIRST)).isInstanceOf(ScramException.class);
        server.finalMessage(CLIENT_FINAL);
        assertThatThrownBy(() -> server.finalMessage(CLIENT_FINAL)).isInstanceOf(ScramException.class);
    }

    @Test
    void unknownUsersGetAStableSaltAndNeverAuthenticate() throws Exception {
        byte[] secret = "gate-secret".getBytes();
        String first1 = ScramServer.forUnknownUser("ghost", secret).firstMessage("n,,n=*,r=abc");
        String first2 = ScramServer.forUnknownUser("ghost", secret).firstMessage("n,,n=*,r=abc");
        String other = ScramServer.forUnknownUser("phantom", secret).firstMessage("n,,n=*,r=abc");
        assertThat(salt(first1)).isEqualTo(salt(first2)).isNotEqualTo(salt(other));

        ScramServer mock = ScramServer.forUnknownUser("ghost", secret);
        ScramClient client = pgjdbcClient("anything");
        client.serverFirstMessage(mock.firstMessage(client.clientFirstMessage().toString()));
        assertThat(mock.finalMessage(client.clientFinalMessage().toString()).authenticated()).isFalse();
    }

    @Test
    void generatedPasswordsAre24UrlSafeCharactersAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String p = Passwords.generate();
            assertThat(p).hasSize(24).matches("[A-Za-z0-9_-]+");
            seen.add(p);
        }
        assertThat(seen).hasSize(100);
    }

    /** Built the way pgjdbc's ScramAuthenticator builds it: user "*" (PostgreSQL ignores it), PostgreSQL preparation. */
    private static ScramClient pgjdbcClient(String password) {
        return ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*")
                .password(password.toCharArray())
                .stringPreparation(StringPreparation.POSTGRESQL_PREPARATION)
                .build();
    }

    private static String salt(String serverFirst) {
        return serverFirst.split(",")[1];
    }
}
