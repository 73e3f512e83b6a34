package dev.bulwark.access.readonly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/**
 * readonly-role against a real server: schemas with different owners, identity and generated
 * columns, views, a materialized view, a partitioned table and sequences; new and existing roles;
 * tables created after the fact; PUBLIC grants; refusals and an apply that fails half-way.
 */
class ReadonlyRoleIT {
    static Production production;
    static ReadonlyRoleService service;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app", """
                CREATE ROLE app_owner NOLOGIN;
                CREATE ROLE migrator LOGIN PASSWORD 'migrator-pw' IN ROLE app_owner;
                CREATE SCHEMA sales AUTHORIZATION app_owner;
                SET ROLE app_owner;
                CREATE TABLE sales.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, item text NOT NULL,
                    doubled int GENERATED ALWAYS AS (2) STORED);
                INSERT INTO sales.orders (item) VALUES ('tea'), ('cake');
                CREATE VIEW sales.items AS SELECT item FROM sales.orders;
                CREATE MATERIALIZED VIEW sales.order_count AS SELECT count(*) AS n FROM sales.orders;
                CREATE TABLE sales.visits (at date NOT NULL, who text) PARTITION BY RANGE (at);
                CREATE TABLE sales.visits_2024 PARTITION OF sales.visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                INSERT INTO sales.visits VALUES ('2024-05-01', 'ann');
                CREATE SEQUENCE sales.invoice_no;
                RESET ROLE;
                CREATE TABLE public.audit (id serial PRIMARY KEY, note text);
                INSERT INTO public.audit (note) VALUES ('first');
                CREATE SCHEMA "Odd ""Schema""\";
                CREATE TABLE "Odd ""Schema""\".bare ();
                """);
        service = new ReadonlyRoleService(production.sandbox().url("app"));
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static Connection loginAs(String role, String password) throws SQLException {
        PgUrl url = production.sandbox().url("app");
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static ReadonlyRoleRequest request(String role, boolean revokePublic, String... schemas) {
        return new ReadonlyRoleRequest(role, List.of(schemas), RoleLimits.DEFAULT, revokePublic);
    }

    private static void assertProven(ApplyReport report) {
        assertThat(report.proof().error()).isNull();
        assertThat(report.proof().checks()).allSatisfy(c -> assertThat(c.passed()).as(c.what() + ": " + c.observed()).isTrue());
        assertThat(report.proof().passed()).isTrue();
    }

    @Test
    void newRoleReadsEverythingWritesNothingAndReadsTablesCreatedLater() throws Exception {
        String role = "AI \"reader\"";
        RolePlan plan = service.plan(request(role, false));
        assertThat(plan.newRole()).isTrue();
        assertThat(plan.schemas()).containsExactly("Odd \"Schema\"", "public", "sales");
        assertThat(plan.proof().creators()).extracting(ProofPlan.Creator::role).contains("app_owner", "migrator", "postgres");

        ApplyReport report = service.apply(plan, new Secret("reader-pw-1"));
        assertProven(report);
        List<ProofCheck> writes = report.proof().checks().stream().filter(c -> c.group().equals("writes")).toList();
        assertThat(writes).extracting(ProofCheck::what).contains("INSERT into sales.orders", "UPDATE sales.orders",
                "DELETE from sales.orders", "TRUNCATE sales.orders", "CREATE TABLE in sales", "CREATE TABLE in Odd \"Schema\"",
                "nextval of sales.invoice_no", "nextval of public.audit_id_seq", "COPY into public.audit", "CREATE SCHEMA");
        assertThat(writes).filteredOn(c -> !c.what().equals("CREATE TEMP TABLE"))
                .allSatisfy(c -> assertThat(c.sqlstate()).as(c.what()).isEqualTo("42501"));
        assertThat(report.proof().checks()).anySatisfy(c -> {
            assertThat(c.what()).contains("read-only off");
            assertThat(c.passed()).isTrue();
        }).anySatisfy(c -> assertThat(c.sqlstate()).isEqualTo("25006"));
        assertThat(report.proof().checks()).filteredOn(c -> c.group().equals("future objects")).isNotEmpty();

        // later, the migration role and the superuser each add a table: the agent reads both, writes neither
        try (Connection m = loginAs("migrator", "migrator-pw"); Statement st = m.createStatement()) {
            st.execute("CREATE TABLE sales.refunds (id int); INSERT INTO sales.refunds VALUES (7)");
        }
        production.exec("CREATE TABLE public.later (x int); INSERT INTO public.later VALUES (1)");
        try (Connection agent = loginAs(role, "reader-pw-1")) {
            assertThat(single(agent, "SHOW default_transaction_read_only")).isEqualTo("on");
            assertThat(single(agent, "SELECT id FROM sales.refunds")).isEqualTo("7");
            assertThat(single(agent, "SELECT x FROM public.later")).isEqualTo("1");
            assertThat(single(agent, "SELECT count(*) FROM sales.items")).isEqualTo("2");
            try (Statement st = agent.createStatement()) {
                st.execute("SET default_transaction_read_only = off");
                assertThatThrownBy(() -> st.execute("INSERT INTO sales.refunds VALUES (8)"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertThatThrownBy(() -> st.execute("UPDATE public.later SET x = 2"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
        assertThat(production.queryLong("SELECT count(*) FROM sales.orders")).isEqualTo(2);
    }

    @Test
    void existingRoleWithEveryKindOfWritePathIsMadeReadOnly() throws Exception {
        production.exec("""
                CREATE ROLE writers NOLOGIN;
                GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA sales TO writers;
                CREATE ROLE legacy LOGIN PASSWORD 'legacy-pw' CREATEDB IN ROLE writers, pg_write_all_data;
                GRANT USAGE, CREATE ON SCHEMA sales TO legacy;
                GRANT UPDATE (note) ON public.audit TO legacy;
                GRANT USAGE ON SEQUENCE public.audit_id_seq TO legacy;
                GRANT SELECT, INSERT ON public.audit TO app_owner WITH GRANT OPTION;
                SET ROLE app_owner;
                GRANT INSERT ON public.audit TO legacy;
                GRANT TRUNCATE ON sales.orders TO legacy;
                ALTER DEFAULT PRIVILEGES IN SCHEMA sales GRANT INSERT ON TABLES TO legacy;
                RESET ROLE;
                ALTER ROLE legacy IN DATABASE app SET default_transaction_read_only = off;
                """);
        assertThat(production.queryLong("SELECT count(*) FROM pg_roles WHERE has_table_privilege('legacy', 'sales.orders', "
                + "'INSERT') AND rolname = 'legacy'")).isEqualTo(1);

        RolePlan plan = service.plan(request("legacy", false, "sales", "public"));
        assertThat(plan.newRole()).isFalse();
        List<String> sql = plan.steps().stream().map(PlanStep::display).toList();
        assertThat(sql).contains("REVOKE \"pg_write_all_data\" FROM \"legacy\";", "REVOKE \"writers\" FROM \"legacy\";",
                "ALTER ROLE \"legacy\" IN DATABASE \"app\" RESET default_transaction_read_only;",
                "REVOKE CREATE ON SCHEMA \"sales\" FROM \"legacy\";",
                "SET ROLE \"app_owner\";", "REVOKE INSERT ON TABLE \"public\".\"audit\" FROM \"legacy\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"sales\" REVOKE INSERT ON TABLES FROM \"legacy\";");

        ApplyReport report = service.apply(plan, new Secret("legacy-pw"));
        assertProven(report);
        assertThat(production.queryLong("SELECT count(*) FROM pg_auth_members WHERE member = 'legacy'::regrole")).isZero();
        assertThat(production.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = 'legacy' AND NOT rolcreatedb "
                + "AND rolconnlimit = 5")).isEqualTo(1);

        // a plan for a role already read-only changes nothing that matters and proves the same
        assertProven(service.apply(service.plan(request("legacy", false, "sales", "public")), new Secret("legacy-pw")));
    }

    @Test
    void publicGrantsAreWarnedAboutFailTheProofAndGoWithRevokePublic() throws Exception {
        production.sandbox().createDatabase("leaky", "UTF8");
        try (Connection c = production.sandbox().connect("leaky"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id int); INSERT INTO notes VALUES (1); GRANT CREATE ON SCHEMA public TO PUBLIC; "
                    + "GRANT INSERT ON notes TO PUBLIC");
        }
        ReadonlyRoleService leaky = new ReadonlyRoleService(production.sandbox().url("leaky"));
        RolePlan plan = leaky.plan(request("leaky_reader", false));
        assertThat(plan.warnings()).anyMatch(w -> w.contains("PUBLIC holds CREATE on schema public"))
                .anyMatch(w -> w.contains("PUBLIC holds INSERT on table public.notes"))
                .anyMatch(w -> w.contains("TEMPORARY"));
        ApplyReport failed = leaky.apply(plan, new Secret("leaky-pw"));
        assertThat(failed.proof().passed()).isFalse();
        assertThat(failed.proof().checks()).filteredOn(c -> !c.passed()).extracting(ProofCheck::what)
                .contains("INSERT into public.notes", "CREATE TABLE in public", "CREATE on no schema");

        ApplyReport fixed = leaky.apply(leaky.plan(request("careful_reader", true)), new Secret("careful-pw"));
        assertProven(fixed);
        assertThat(fixed.proof().checks()).anySatisfy(c -> {
            assertThat(c.what()).isEqualTo("CREATE TEMP TABLE");
            assertThat(c.observed()).startsWith("denied");
        });
        assertThat(leaky.plan(request("leaky_reader", false)).warnings()).isEmpty();
    }

    @Test
    void anOwnerIsRefusedAndNothingChanges() throws Exception {
        production.exec("CREATE ROLE owner_agent LOGIN; CREATE TABLE public.owned_by_agent (x int); "
                + "ALTER TABLE public.owned_by_agent OWNER TO owner_agent");
        assertThatThrownBy(() -> service.plan(request("owner_agent", false)))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("table public.owned_by_agent")
                .hasMessageContaining("REASSIGN OWNED BY \"owner_agent\" TO \"postgres\";");
        assertThatThrownBy(() -> service.plan(request("nobody", false, "public", "nope")))
                .hasMessageContaining("no schema 'nope'");
    }

    @Test
    void aStatementThatFailsRollsBackTheWholePlan() throws Exception {
        production.exec("CREATE ROLE fleeting NOLOGIN; CREATE SCHEMA scratch; GRANT CREATE ON SCHEMA scratch TO fleeting");
        RolePlan plan = service.plan(request("half_done", false, "scratch"));
        assertThat(plan.proof().creators()).extracting(ProofPlan.Creator::role).contains("fleeting");
        production.exec("REVOKE CREATE ON SCHEMA scratch FROM fleeting; DROP ROLE fleeting");

        assertThatThrownBy(() -> service.apply(plan, new Secret("never-used")))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("FOR ROLE \"fleeting\"")
                .hasMessageContaining("role \"fleeting\" does not exist")
                .hasMessageNotContaining("never-used");
        assertThat(production.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = 'half_done'")).isZero();
    }
}
