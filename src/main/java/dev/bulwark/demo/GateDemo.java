package dev.bulwark.demo;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulwark.BulwarkException;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.RepositoryConfig;
import dev.bulwark.gate.approval.AgentCredentials;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ApproverEnrollment;
import dev.bulwark.gate.approval.Base32;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.Totp;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.gate.execute.ApprovalFlow;
import dev.bulwark.gate.impact.Impact;
import dev.bulwark.gate.proxy.ClassifierPolicy;
import dev.bulwark.gate.proxy.GateServer;
import dev.bulwark.gate.proxy.StoreHoldDesk;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.Sandbox;
import dev.bulwark.repository.Json;

/**
 * The demo's second act: an agent reaches production only through the gate. Its read passes; its
 * DROP TABLE is held with an impact preview; a human approves it with a TOTP code, it runs after
 * a safety copy, and is undone from that copy.
 */
final class GateDemo {
    private static final String TABLE = "sponsors";

    private final Map<String, String> env;
    private final Clock clock;

    GateDemo(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** Returns true when the table was held, dropped on approval and back after undo. */
    boolean run(Demo.Narrator narrator, Sandbox production, String database, Path repositoryDir) throws Exception {
        try (Connection admin = production.connect(database); Statement st = admin.createStatement()) {
            st.execute("CREATE ROLE ai_readonly LOGIN PASSWORD 'demo-readonly'; GRANT USAGE ON SCHEMA public TO ai_readonly; "
                    + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ai_readonly");
        }
        PgUrl readonly = new PgUrl("127.0.0.1", production.port(), database, "ai_readonly", "demo-readonly", Map.of());
        PgUrl write = production.url(database);
        String writeUrl = "postgresql://" + write.user() + ":" + write.password() + "@127.0.0.1:" + write.port() + "/" + database;
        DatabaseConfig db = new DatabaseConfig(writeUrl, null, null, null, List.of(), List.of(),
                new DatabaseConfig.DatabaseGateConfig("postgresql://ai_readonly:demo-readonly@127.0.0.1:" + production.port() + "/"
                        + database, writeUrl));
        BulwarkConfig config = new BulwarkConfig(Map.of(database, db), new RepositoryConfig(repositoryDir.toString()), null, null, null);
        Path storeFile = repositoryDir.resolve("approvals.db");
        byte[] mock = new byte[32];
        new SecureRandom().nextBytes(mock);
        try (ApprovalStore store = ApprovalStore.open(storeFile, clock); AuditLog audit = AuditLog.open(storeFile, clock)) {
            AgentCredentials agent = store.addAgent("claude", database);
            ApproverEnrollment alice = store.addApprover("alice");
            try (StoreHoldDesk desk = new StoreHoldDesk(store, audit, Map.of(database, write));
                 GateServer gate = GateServer.start(new InetSocketAddress("127.0.0.1", 0), new GateServer.Settings(
                    Map.of(database, readonly), (name, d) -> store.agent(name).filter(a -> a.database().equals(d))
                            .flatMap(a -> store.agentVerifier(name)), ClassifierPolicy::new, desk, Upstream.Limits.DEFAULT, mock))) {
                narrator.step("5. An agent behind the gate", "The agent 'claude' gets postgresql://claude:…@127.0.0.1:"
                        + gate.port() + "/" + database + " — the gate, never the database. Reads pass; anything the gate "
                        + "cannot prove is a read is held for a human.");
                String id;
                try (Connection c = agentConnection(gate.port(), database, agent.password())) {
                    narrator.step("", "agent> SELECT count(*) FROM " + TABLE + "   -- " + count(c, TABLE) + " rows, answered");
                    id = heldId(c, "DROP TABLE " + TABLE);
                    ChangeRequest r = store.get(id).orElseThrow();
                    Impact impact = Json.mapper().readValue(r.impactJson(), Impact.class);
                    narrator.step("", "agent> DROP TABLE " + TABLE + "   -- ERROR 42501: bulwark: held for approval as request "
                            + id + "\nimpact: " + impact.summary());
                }
                long before = count(production, database);
                narrator.step("6. A human decides", "alice approves with the code from her authenticator app. Bulwark takes a "
                        + "safety copy of the table first, then runs the exact approved SQL with the write role.");
                String secret = secretOf(alice.otpauthUri());
                long step = Totp.step(clock.instant());
                ApprovalFlow flow = new ApprovalFlow(store, audit, PgBinaries.fromEnvironment(env), env, clock);
                ApprovalFlow.Outcome done = flow.approve(id, "alice", code(secret, step), config);
                boolean dropped = !exists(production, database);
                narrator.step("", "executed; safety copy " + done.execution().safetyBackupId() + " of " + done.execution().tables()
                        + "; table " + TABLE + (dropped ? " is gone" : " is STILL THERE"));
                narrator.step("7. Undo", "The data was not what anyone wanted gone after all: undo puts it back from the "
                        + "safety copy.");
                flow.undo(done.request().id(), "alice", code(secret, step + 1), config);
                long after = count(production, database);
                narrator.step("", "table " + TABLE + " is back with " + after + " rows (before: " + before + "); audit log "
                        + (audit.verify().ok() ? "intact, every step recorded" : "DAMAGED"));
                return dropped && after == before;
            }
        }
    }

    private static Connection agentConnection(int port, String database, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "claude");
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    private static String heldId(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            throw BulwarkException.checkFailed("the gate let '" + sql + "' through");
        } catch (SQLException e) {
            Matcher m = Pattern.compile("request (cr-[0-9a-f]+)").matcher(e.getMessage());
            if (!"42501".equals(e.getSQLState()) || !m.find()) {
                throw BulwarkException.checkFailed("unexpected answer from the gate: " + e.getMessage());
            }
            return m.group(1);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Sandbox production, String database) throws SQLException {
        try (Connection c = production.connect(database)) {
            return count(c, TABLE);
        }
    }

    private static boolean exists(Sandbox production, String database) throws SQLException {
        try (Connection c = production.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('public." + TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String secretOf(String otpauthUri) {
        Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(otpauthUri);
        if (!m.find()) throw new IllegalStateException("no secret in the enrollment URI");
        return m.group(1);
    }

    /** What alice's authenticator app shows for a step. */
    private static String code(String secret, long step) {
        return Totp.code(Base32.decode(secret), step, Totp.DIGITS);
    }
}
