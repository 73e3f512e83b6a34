package dev.bulwark.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.gate.approval.ScramVerifier;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/** TLS between agents and the gate, with a certificate made by openssl, checked by real clients. */
class GateTlsIT {
    static Production production;
    static GateServer tlsGate;
    static GateServer plainGate;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=bulwark-gate", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as(out).isZero();

        production = Production.start("app", "CREATE TABLE t AS SELECT 1 AS a");
        PgUrl upstream = production.sandbox().url("app");
        ScramVerifier verifier = ScramVerifier.create("agent-pw");
        AgentAuthenticator auth = (agent, db) -> agent.equals("claude") ? Optional.of(verifier) : Optional.empty();
        HoldDesk desk = new HoldDesk() {
            @Override
            public String hold(SessionInfo session, String sql, String reason) {
                return "cr-tls";
            }

            @Override
            public void audit(SessionInfo session, String sql, AuditDecision decision, String requestId) {
            }
        };
        GateServer.Settings settings = new GateServer.Settings(Map.of("app", upstream), auth, ClassifierPolicy::new, desk,
                Upstream.Limits.DEFAULT, new byte[16]);
        tlsGate = GateServer.start(new InetSocketAddress("127.0.0.1", 0),
                settings.withTls(TlsContext.load(dir.resolve("cert.pem"), dir.resolve("key.pem"))));
        plainGate = GateServer.start(new InetSocketAddress("127.0.0.1", 0), settings);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tlsGate != null) tlsGate.close();
        if (plainGate != null) plainGate.close();
        if (production != null) production.close();
    }

    private static Connection connect(int port, String sslmode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "claude");
        p.setProperty("password", "agent-pw");
        p.setProperty("sslmode", sslmode);
        p.setProperty("sslrootcert", dir.resolve("cert.pem").toString());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", p);
    }

    @Test
    void pgjdbcVerifiesTheGatesCertificate() throws Exception {
        try (Connection c = connect(tlsGate.port(), "verify-full"); ResultSet rs = c.createStatement().executeQuery("SELECT a FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void psqlWithSslmodeRequire() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-c", "SELECT a FROM t",
                "host=127.0.0.1 port=" + tlsGate.port() + " user=claude dbname=app sslmode=verify-full sslrootcert="
                        + dir.resolve("cert.pem"));
        pb.environment().put("PGPASSWORD", "agent-pw");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.trim()).isEqualTo("1");
    }

    @Test
    void withoutACertificateTheGateSaysNoToTls() throws Exception {
        assertThatThrownBy(() -> connect(plainGate.port(), "require")).isInstanceOf(SQLException.class)
                .hasMessageContaining("SSL");
        try (Connection c = connect(plainGate.port(), "prefer")) {
            assertThat(c.isValid(2)).isTrue();
        }
    }
}
