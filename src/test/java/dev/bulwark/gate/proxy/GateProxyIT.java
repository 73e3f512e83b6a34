package dev.bulwark.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.gate.approval.ScramVerifier;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/**
 * The proxy's mechanics with real clients against a real server: login, forwarding, holding,
 * transaction state after a held statement, cancel. The policy here holds any statement that
 * mentions DELETE or DROP, so the mechanics are tested apart from the classifier's rules.
 */
class GateProxyIT {
    static Production production;
    static GateServer gate;
    static final List<String> held = new CopyOnWriteArrayList<>();
    static final List<String> audited = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app",
                "CREATE ROLE ai_ro LOGIN PASSWORD 'ro-secret'",
                "CREATE TABLE accounts AS SELECT g AS id, 'name ' || g AS name FROM generate_series(1, 100) g",
                "GRANT SELECT ON accounts TO ai_ro");
        PgUrl readonly = new PgUrl("127.0.0.1", production.sandbox().port(), "app", "ai_ro", "ro-secret", Map.of());
        ScramVerifier claude = ScramVerifier.create("agent-pw");
        AgentAuthenticator auth = (agent, db) -> agent.equals("claude") && db.equals("app") ? Optional.of(claude) : Optional.empty();
        StatementPolicy holdDeletes = sql -> sql.toUpperCase().contains("DELETE") || sql.toUpperCase().contains("DROP")
                ? new Verdict.Hold(sql, "test policy: mentions DELETE or DROP") : new Verdict.Forward();
        HoldDesk desk = new HoldDesk() {
            @Override
            public String hold(SessionInfo session, String sql, String reason) {
                held.add(session.agent() + ": " + sql);
                return "cr-test" + held.size();
            }

            @Override
            public void audit(SessionInfo session, String sql, AuditDecision decision, String requestId) {
                audited.add(decision + ": " + sql);
            }
        };
        // Virtual threads here, the default platform threads in the other gate tests: both kinds carry sessions.
        gate = GateServer.start(new InetSocketAddress("127.0.0.1", 0), new GateServer.Settings(Map.of("app", readonly), auth,
                () -> holdDeletes, desk, Upstream.Limits.DEFAULT, new byte[16]).withThreads(SessionThreads.VIRTUAL));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gate != null) gate.close();
        if (production != null) production.close();
    }

    private static Connection connect(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", "prefer");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gate.port() + "/app", p);
    }

    @Test
    void readsPassThroughWithPreparedStatements() throws Exception {
        try (Connection c = connect("claude", "agent-pw");
             PreparedStatement ps = c.prepareStatement("SELECT name FROM accounts WHERE id = ?")) {
            for (int i = 1; i <= 10; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("name " + i);
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM accounts")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
            }
            assertThat(c.getMetaData().getTables(null, "public", "accounts", null).next()).isTrue();
        }
    }

    @Test
    void aHeldWriteNeverRunsAndLeavesTheTransactionFailedLikeAnyError() throws Exception {
        try (Connection c = connect("claude", "agent-pw"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM accounts"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("bulwark: held for approval as request cr-test");
                    });
            c.setAutoCommit(false);
            st.executeQuery("SELECT 1").close();
            assertThatThrownBy(() -> st.execute("DROP TABLE accounts")).hasMessageContaining("held for approval");
            assertThatThrownBy(() -> st.executeQuery("SELECT 1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM accounts")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
            }
        }
        assertThat(production.queryLong("SELECT count(*) FROM accounts")).isEqualTo(100);
        assertThat(held).anyMatch(s -> s.equals("claude: DELETE FROM accounts"));
        assertThat(audited).anyMatch(s -> s.startsWith("ALLOWED: SELECT count(*)"));
        assertThat(audited).anyMatch(s -> s.equals("HELD: DELETE FROM accounts"));
    }

    @Test
    void wrongPasswordAndUnknownAgentLookTheSame() {
        assertThatThrownBy(() -> connect("claude", "nope")).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> connect("mallory", "nope")).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void theAgentsStartupOptionsNeverReachTheServer() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "claude");
        p.setProperty("password", "agent-pw");
        p.setProperty("options", "-c default_transaction_read_only=off");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gate.port() + "/app", p);
             ResultSet rs = c.createStatement().executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
    }

    @Test
    void cancelReachesTheServer() throws Exception {
        try (Connection c = connect("claude", "agent-pw"); Statement st = c.createStatement()) {
            Thread canceller = Thread.ofVirtual().start(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                    st.cancel();
                } catch (Exception ignored) {
                    // the assertion below reports a missed cancel
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> st.execute("SELECT pg_sleep(20)")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            canceller.join();
        }
    }

    @Test
    void psqlWorksThroughTheGate() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-h", "127.0.0.1", "-p", String.valueOf(gate.port()),
                "-U", "claude", "-d", "app", "-c", "SELECT count(*) FROM accounts", "-c", "\\dt");
        pb.environment().put("PGPASSWORD", "agent-pw");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("100").contains("accounts");
    }
}
