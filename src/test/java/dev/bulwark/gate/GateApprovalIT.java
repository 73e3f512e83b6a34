package dev.bulwark.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.gate.approval.Base32;
import dev.bulwark.gate.approval.Totp;
import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.GateProcess;
import dev.bulwark.testing.Production;

/**
 * A held change's whole life through the built CLI: an agent's DROP TABLE and DELETE are held
 * with an impact preview, approved with a TOTP code, executed with the write role after a safety
 * copy, and undone from that copy.
 */
class GateApprovalIT {
    static Production production;
    static GateProcess gate;
    static int port;
    static String agentPassword;
    /** Approvers and the last TOTP step each used: the store refuses a step twice, so tests rotate. */
    static final Map<String, byte[]> keys = new java.util.LinkedHashMap<>();
    static final Map<String, Long> lastStep = new java.util.HashMap<>();

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app",
                "CREATE ROLE ai_ro LOGIN PASSWORD 'ro-secret'",
                "CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO accounts SELECT g, 'name ' || g FROM generate_series(1, 1000) g",
                "CREATE TABLE audit_trail (id int PRIMARY KEY, note text)",
                "INSERT INTO audit_trail SELECT g, 'note ' || g FROM generate_series(1, 300) g",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ai_ro");
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, """
                databases:
                  app:
                    url: %s
                    gate:
                      readonly_url: postgresql://ai_ro:ro-secret@127.0.0.1:%d/app
                      write_url: %s
                repository:
                  path: %s
                """.formatted(production.url(), production.sandbox().port(), production.url(), dir.resolve("repo")));
        Cli.Result add = Cli.run("--config", config.toString(), "agents", "add", "claude", "--db", "app");
        assertThat(add.exit()).as(add.all()).isZero();
        agentPassword = add.out().trim();
        for (String name : java.util.List.of("alice", "bob", "carol")) {
            Cli.Result approver = Cli.run("--config", config.toString(), "approvers", "add", name);
            Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(approver.out());
            assertThat(m.find()).isTrue();
            keys.put(name, Base32.decode(m.group(1)));
            lastStep.put(name, Long.MIN_VALUE);
        }
        gate = GateProcess.start(config, dir.resolve("gate.log"));
        port = gate.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gate != null) gate.close();
        if (production != null) production.close();
    }

    /**
     * An approver with a fresh step within the accepted window (now ±1), and its code: {name, code}.
     * Never the step before now: that code expires when the step turns, which can happen while the
     * approving command starts on a busy machine; the current step's code stays good for 30 s more.
     */
    private static String[] nextApproval() throws InterruptedException {
        while (true) {
            long now = Totp.step(Instant.now());
            for (String name : keys.keySet()) {
                long step = Math.max(lastStep.get(name) + 1, now);
                if (step <= now + 1) {
                    lastStep.put(name, step);
                    return new String[] {name, Totp.code(keys.get(name), step, Totp.DIGITS)};
                }
            }
            Thread.sleep(1000);
        }
    }

    private static Cli.Result decide(String verb, String id) throws InterruptedException {
        String[] who = nextApproval();
        return Cli.run("--config", config.toString(), "approvals", verb, id, "--as", who[0], "--code", who[1]);
    }

    private static String heldRequest(String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "claude");
        p.setProperty("password", agentPassword);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", p)) {
            SQLException held = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> c.createStatement().execute(sql));
            assertThat(held.getSQLState()).isEqualTo("42501");
            Matcher m = Pattern.compile("request (cr-[0-9a-f]+)").matcher(held.getMessage());
            assertThat(m.find()).as(held.getMessage()).isTrue();
            return m.group(1);
        }
    }

    @Test
    void droppedTableIsHeldApprovedExecutedAndUndone() throws Exception {
        String id = heldRequest("DROP TABLE accounts");
        assertThat(production.queryLong("SELECT count(*) FROM accounts")).isEqualTo(1000);
        Cli.Result show = Cli.run("--config", config.toString(), "--json", "approvals", "show", id);
        JsonNode request = Json.mapper().readTree(show.out());
        assertThat(request.get("status").asText()).isEqualTo("PENDING");
        assertThat(request.get("impact_json").asText()).contains("public.accounts").contains("1000");

        Cli.Result wrong = Cli.run("--config", config.toString(), "approvals", "approve", id, "--as", "alice", "--code", "000000");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(production.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'accounts'")).isEqualTo(1);

        Cli.Result approve = decide("approve", id);
        assertThat(approve.exit()).as(approve.all()).isZero();
        assertThat(approve.out()).contains("executed").contains("public.accounts");
        assertThat(production.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'accounts'")).isZero();

        Cli.Result undo = decide("undo", id);
        assertThat(undo.exit()).as(undo.all()).isZero();
        assertThat(production.queryLong("SELECT count(*) FROM accounts")).isEqualTo(1000);
        assertThat(production.queryLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'accounts'")).isEqualTo(1);

        assertThat(Cli.run("--config", config.toString(), "audit", "verify").exit()).isZero();
    }

    @Test
    void deletedRowsComeBackWithUndo() throws Exception {
        String id = heldRequest("DELETE FROM audit_trail WHERE id > 100");
        Cli.Result approve = decide("approve", id);
        assertThat(approve.exit()).as(approve.all()).isZero();
        assertThat(approve.out()).contains("200 rows");
        assertThat(production.queryLong("SELECT count(*) FROM audit_trail")).isEqualTo(100);

        Cli.Result undo = decide("undo", id);
        assertThat(undo.exit()).as(undo.all()).isZero();
        assertThat(production.queryLong("SELECT count(*) FROM audit_trail")).isEqualTo(300);

        Cli.Result again = decide("approve", id);
        assertThat(again.exit()).isNotZero();
    }

    @Test
    void aDeniedRequestNeverRuns() throws Exception {
        String id = heldRequest("UPDATE audit_trail SET note = 'x'");
        Cli.Result deny = Cli.run("--config", config.toString(), "approvals", "deny", id, "--as", "alice", "--reason", "no");
        assertThat(deny.exit()).as(deny.all()).isZero();
        Cli.Result approve = decide("approve", id);
        assertThat(approve.exit()).isNotZero();
        assertThat(production.queryLong("SELECT count(*) FROM audit_trail WHERE note = 'x'")).isZero();
        assertThatThrownBy(() -> heldRequest("SELECT 1")).isInstanceOf(AssertionError.class);
    }
}
