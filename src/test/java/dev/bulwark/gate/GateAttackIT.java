package dev.bulwark.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.gate.sql.SqlCorpus;
import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.GateProcess;
import dev.bulwark.testing.Production;

/**
 * The built gate, run as `bulwark gate`, in front of a real server, driven by a real client with
 * the attack and benign corpora. To prove that the gate (not a role) stops the attacks, its
 * upstream "read-only" URL is the superuser: only the gate stands between the agent and writes.
 */
class GateAttackIT {
    static Production production;
    static GateProcess gate;
    static int port;
    static String agentPassword;

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app",
                "CREATE TABLE t (a int, b text); INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 50) g",
                "CREATE TABLE s (a int); INSERT INTO s VALUES (1), (2)",
                "CREATE TABLE x (a int)",
                "CREATE SEQUENCE seq");
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "databases:\n  app:\n    url: " + production.url() + "\n    gate:\n      readonly_url: "
                + production.url() + "\n");
        Cli.Result add = Cli.run("--config", config.toString(), "agents", "add", "claude", "--db", "app");
        assertThat(add.exit()).as(add.all()).isZero();
        agentPassword = add.out().trim();
        gate = GateProcess.start(config, dir.resolve("gate.log"));
        port = gate.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gate != null) gate.close();
        if (production != null) production.close();
    }

    private static Connection agent() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "claude");
        p.setProperty("password", agentPassword);
        p.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/app", p);
    }

    /** Data, schema, roles and non-default settings of production, as one comparable text. */
    private static String fingerprint() throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = production.sandbox().connect("app"); Statement st = c.createStatement()) {
            for (String q : List.of(
                    "SELECT md5(string_agg(t::text, ',' ORDER BY a, b)) FROM t",
                    "SELECT md5(string_agg(s::text, ',' ORDER BY a)) FROM s",
                    "SELECT count(*) FROM x",
                    "SELECT last_value || ':' || is_called FROM seq",
                    "SELECT md5(string_agg(oid::regclass::text || relkind::text, ',' ORDER BY oid)) FROM pg_class WHERE relnamespace = 'public'::regnamespace",
                    "SELECT md5(string_agg(proname, ',' ORDER BY oid)) FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
                    "SELECT md5(string_agg(rolname || rolsuper, ',' ORDER BY oid)) FROM pg_roles",
                    "SELECT md5(string_agg(name || '=' || setting, ',' ORDER BY name)) FROM pg_settings WHERE source NOT IN ('default', 'session', 'client')",
                    "SELECT count(*) FROM pg_largeobject_metadata",
                    "SELECT count(*) FROM pg_database")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    sb.append(rs.getString(1)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    @Test
    void everyAttackIsHeldAndNothingChanges() throws Exception {
        String before = fingerprint();
        List<String> passed = new ArrayList<>();
        int attacks = 0;
        for (SqlCorpus.Entry e : SqlCorpus.load("/dev/bulwark/gate/sql/attacks.sql")) {
            if (!e.standardConformingStrings()) continue; // needs a SET the gate holds; covered by the classifier's tests
            attacks++;
            try (Connection c = agent(); Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute(e.sql());
                passed.add(e.toString());
            } catch (SQLException ex) {
                if (!"42501".equals(ex.getSQLState()) || !ex.getMessage().contains("bulwark:")) {
                    passed.add(e + " -> " + ex.getSQLState() + " " + ex.getMessage());
                }
            }
        }
        assertThat(attacks).isGreaterThanOrEqualTo(60);
        assertThat(passed).as("attacks the gate let through").isEmpty();
        assertThat(fingerprint()).isEqualTo(before);

        Cli.Result list = Cli.run("--config", config.toString(), "--json", "approvals", "list");
        JsonNode requests = Json.mapper().readTree(list.out());
        assertThat(requests.size()).isGreaterThanOrEqualTo(attacks);
        assertThat(requests.get(0).get("agent").asText()).isEqualTo("claude");
        Cli.Result audit = Cli.run("--config", config.toString(), "audit", "verify");
        assertThat(audit.exit()).as(audit.all()).isZero();
    }

    @Test
    void benignReadsPassTheGate() throws Exception {
        List<String> held = new ArrayList<>();
        int reads = 0;
        for (SqlCorpus.Entry e : SqlCorpus.load("/dev/bulwark/gate/sql/benign.sql")) {
            if (!e.standardConformingStrings()) continue;
            reads++;
            try (Connection c = agent(); Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute(e.sql());
            } catch (SQLException ex) {
                // The server may refuse a read (no such table, permission): only the gate's refusal counts here.
                if (ex.getMessage().contains("bulwark:")) held.add(e + " -> " + ex.getMessage());
            }
        }
        assertThat(reads).isGreaterThanOrEqualTo(40);
        assertThat(held).as("reads the gate held").isEmpty();
    }
}
