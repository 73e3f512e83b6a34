package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.Production;

/** {@code bulwark access readonly-role} through the built jar: the script psql runs as is, --apply and its proof, exit codes, secrets. */
class AccessReadonlyRoleCliIT {
    static Production production;

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("shop", """
                CREATE ROLE shop_owner NOLOGIN;
                CREATE SCHEMA sales AUTHORIZATION shop_owner;
                SET ROLE shop_owner;
                CREATE TABLE sales.orders (id serial PRIMARY KEY, item text);
                INSERT INTO sales.orders (item) VALUES ('tea');
                RESET ROLE;
                CREATE TABLE public.notes (id int);
                CREATE ROLE note_owner LOGIN;
                CREATE TABLE public.owned (x int);
                ALTER TABLE public.owned OWNER TO note_owner;
                """);
        production.sandbox().createDatabase("leaky", "UTF8");
        try (Connection c = production.sandbox().connect("leaky"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE board (msg text); GRANT INSERT ON board TO PUBLIC");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = production.urlWithoutPassword().replace("@", ":${SHOP_PW}@");
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, """
                databases:
                  shop:
                    url: %s
                  leaky:
                    url: %s
                  gone:
                    url: postgresql://postgres:gone-secret@127.0.0.1:%d/gone
                """.formatted(url, url.replace("/shop", "/leaky"), closedPort));
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static Cli.Result bulwark(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--config", config.toString(), "access", "readonly-role"));
        all.addAll(List.of(args));
        return Cli.run(Map.of("SHOP_PW", production.password()), all.toArray(String[]::new));
    }

    private static Connection loginAs(String role, String password) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        return DriverManager.getConnection(production.sandbox().url("shop").jdbcUrl(), p);
    }

    @Test
    void thePrintedScriptRunsWithPsqlAsIsAndChangesNothingByItself() throws Exception {
        Cli.Result print = bulwark("script_reader", "--db", "shop", "--schemas", "sales,public");
        assertThat(print.exit()).as(print.all()).isZero();
        assertThat(production.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = 'script_reader'")).isZero();
        assertThat(print.out()).startsWith("-- Read-only role \"script_reader\"").contains("BEGIN;", "COMMIT;",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"shop_owner\" IN SCHEMA \"sales\" GRANT SELECT ON TABLES TO \"script_reader\";",
                "-- * PUBLIC holds TEMPORARY on database shop").doesNotContain("PASSWORD '");

        Path script = dir.resolve("script_reader.sql");
        Files.writeString(script, print.out());
        Path psql = PgBinaries.fromEnvironment(Production.ENV).require("psql", 13, "to run the printed script").path();
        ProcessBuilder pb = new ProcessBuilder(psql.toString(), "-X", "-q", "-h", "127.0.0.1", "-p",
                String.valueOf(production.sandbox().port()), "-U", "postgres", "-d", "shop", "-f", script.toString())
                .redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", production.password());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(production.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = 'script_reader' AND rolcanlogin "
                + "AND rolconnlimit = 5 AND 'default_transaction_read_only=on' = ANY (rolconfig) "
                + "AND has_table_privilege(oid, 'sales.orders', 'SELECT') AND NOT has_table_privilege(oid, 'sales.orders', 'INSERT')"))
                .isEqualTo(1);

        Cli.Result json = bulwark("json_reader", "--db", "shop", "--json");
        assertThat(json.exit()).as(json.all()).isZero();
        JsonNode plan = Json.mapper().readTree(json.out());
        assertThat(plan.get("applied").asBoolean()).isFalse();
        assertThat(plan.get("new_role").asBoolean()).isTrue();
        assertThat(plan.get("schemas").toString()).contains("public", "sales");
        assertThat(plan.get("statements").get(0).get("sql").asText()).startsWith("CREATE ROLE \"json_reader\" LOGIN");
        assertThat(plan.get("statements").get(0).get("why").asText()).isNotBlank();
        assertThat(plan.get("script").asText()).contains("\\set ON_ERROR_STOP on");
    }

    @Test
    void applyProvesEveryWriteDeniedAndShowsTheGeneratedPasswordOnce() throws Exception {
        Cli.Result apply = bulwark("agent_ro", "--db", "shop", "--apply", "--json");
        assertThat(apply.exit()).as(apply.all()).isZero();
        JsonNode report = Json.mapper().readTree(apply.out());
        String password = report.get("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(apply.err()).doesNotContain(password);
        assertThat(report.get("applied").asBoolean()).isTrue();
        JsonNode proof = report.get("proof");
        assertThat(proof.get("passed").asBoolean()).as(proof.toString()).isTrue();
        assertThat(proof.get("checks").toString()).contains("INSERT into sales.orders", "TRUNCATE sales.orders",
                "nextval of sales.orders_id_seq", "CREATE TABLE in public", "42501", "25006");
        try (Connection agent = loginAs("agent_ro", password); Statement st = agent.createStatement();
             ResultSet rs = st.executeQuery("SELECT item FROM sales.orders")) {
            assertThat(rs.next()).isTrue();
        }

        // the role exists now: its password is not known to a second run, which refuses before changing anything
        Cli.Result again = bulwark("agent_ro", "--db", "shop", "--apply");
        assertThat(again.exit()).as(again.all()).isEqualTo(2);
        assertThat(again.err()).contains("--password-file").contains("Nothing was changed");

        Path file = dir.resolve("agent_ro.pw");
        Files.writeString(file, password + "\n");
        Cli.Result withFile = bulwark("agent_ro", "--db", "shop", "--apply", "--password-file", file.toString());
        assertThat(withFile.exit()).as(withFile.all()).isZero();
        assertThat(withFile.out()).contains("read-only: proven").contains("denied").doesNotContain(password);
    }

    @Test
    void aNewRolesPasswordGoesToTheFileOnlyOwnerReadable() throws Exception {
        Path file = dir.resolve("filed.pw");
        Cli.Result apply = bulwark("filed_reader", "--db", "shop", "--apply", "--password-file", file.toString());
        assertThat(apply.exit()).as(apply.all()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String password = Files.readString(file).strip();
        assertThat(apply.all()).doesNotContain(password).contains("written to " + file);
        try (Connection agent = loginAs("filed_reader", password)) {
            assertThat(agent.isValid(5)).isTrue();
        }
    }

    @Test
    void aWritePathLeftOpenExitsOneNamingIt() {
        Cli.Result apply = bulwark("leaky_reader", "--db", "leaky", "--apply");
        assertThat(apply.exit()).as(apply.all()).isEqualTo(1);
        assertThat(apply.out()).contains("NOT read-only").containsPattern("FAILED +INSERT into public.board +ALLOWED")
                .contains("PUBLIC holds INSERT on table public.board");
    }

    @Test
    void refusalsAndMistakesAreUsageErrorsAndADeadServerAnEnvironmentError() {
        Cli.Result owner = bulwark("note_owner", "--db", "shop");
        assertThat(owner.exit()).isEqualTo(2);
        assertThat(owner.err()).contains("owns 1 object (table public.owned)").contains("REASSIGN OWNED BY \"note_owner\" TO \"postgres\";");

        Cli.Result schema = bulwark("x_reader", "--db", "shop", "--schemas", "sales,Sales");
        assertThat(schema.exit()).isEqualTo(2);
        assertThat(schema.err()).contains("no schema 'Sales'");

        assertThat(bulwark("x_reader", "--db", "shop", "--statement-timeout", "soon").exit()).isEqualTo(2);
        assertThat(bulwark("pg_reader", "--db", "shop").exit()).isEqualTo(2);

        Cli.Result dead = bulwark("x_reader", "--db", "gone", "--apply");
        assertThat(dead.exit()).isEqualTo(3);
        assertThat(dead.err()).contains("127.0.0.1").contains("/gone").doesNotContain("gone-secret");
    }
}
