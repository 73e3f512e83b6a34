package dev.bulwark.access.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.testing.Production;

/** The audit against a real server holding each kind of write path, found with the right path. */
class AccessAuditIT {
    static final String FIXTURE = """
            CREATE ROLE app_owner;
            CREATE ROLE app_rw;
            CREATE ROLE app_ro;
            CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer text, total numeric,
                created_at timestamptz NOT NULL DEFAULT now());
            ALTER TABLE public.orders OWNER TO app_owner;
            GRANT SELECT ON public.orders TO app_ro;
            GRANT INSERT ON public.orders TO app_rw;

            -- writes only through membership of another role
            CREATE ROLE via_group LOGIN;
            GRANT app_rw TO via_group;
            -- two routes to app_rw: the shortest one is reported
            CREATE ROLE analysts; CREATE ROLE team; CREATE ROLE squad;
            GRANT app_rw TO analysts; GRANT analysts TO team; GRANT team TO squad;
            CREATE ROLE chain_agent LOGIN;
            GRANT squad TO chain_agent; GRANT analysts TO chain_agent;
            -- a NOINHERIT role writes after SET ROLE
            CREATE ROLE noinherit_agent LOGIN NOINHERIT;
            GRANT app_rw TO noinherit_agent;

            -- pg_write_all_data
            CREATE ROLE bulk_writer LOGIN;
            GRANT pg_write_all_data TO bulk_writer;

            -- a table owner
            CREATE ROLE table_owner LOGIN;
            CREATE TABLE public.invoices (id int);
            ALTER TABLE public.invoices OWNER TO table_owner;

            -- a SECURITY DEFINER function that deletes rows, executable by PUBLIC (the default)
            CREATE FUNCTION public.purge_orders(days integer) RETURNS bigint LANGUAGE sql SECURITY DEFINER AS $$
                WITH gone AS (DELETE FROM public.orders WHERE created_at < now() - make_interval(days => days) RETURNING 1)
                SELECT count(*) FROM gone $$;
            ALTER FUNCTION public.purge_orders(integer) OWNER TO app_owner;
            -- the same owned by a role that cannot write: not a write path
            CREATE ROLE report_owner;
            CREATE FUNCTION public.order_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT 1::bigint';
            ALTER FUNCTION public.order_count() OWNER TO report_owner;

            -- default privileges that grant INSERT on future tables
            CREATE ROLE future_agent LOGIN;
            ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA public GRANT INSERT ON TABLES TO future_agent;

            -- a schema where PUBLIC may CREATE
            CREATE SCHEMA scratch;
            GRANT CREATE ON SCHEMA scratch TO PUBLIC;

            -- a reader: SELECT only
            CREATE ROLE reader LOGIN;
            GRANT app_ro TO reader;

            -- columns, sequences, views
            CREATE ROLE detail_agent LOGIN;
            GRANT UPDATE (customer, total) ON public.orders TO detail_agent;
            CREATE SEQUENCE public.ticket_seq;
            GRANT USAGE ON SEQUENCE public.ticket_seq TO detail_agent;
            CREATE VIEW public.order_totals AS SELECT customer, sum(total) AS total FROM public.orders GROUP BY customer;
            CREATE VIEW public.recent_orders AS SELECT * FROM public.orders WHERE created_at > now() - interval '1 day';
            GRANT INSERT ON public.order_totals TO detail_agent;
            GRANT DELETE ON public.recent_orders TO detail_agent;
            CREATE TABLE public.events (id int, at date) PARTITION BY RANGE (at);
            CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            GRANT TRIGGER ON public.events TO detail_agent;

            -- attributes, directly and through SET ROLE
            CREATE ROLE admins SUPERUSER;
            CREATE ROLE sneaky LOGIN;
            GRANT admins TO sneaky;
            CREATE ROLE role_maker LOGIN CREATEROLE;
            CREATE ROLE signaler LOGIN;
            GRANT pg_signal_backend TO signaler;

            -- a privilege granted by a role other than the owner
            CREATE ROLE delegate;
            GRANT DELETE ON public.orders TO delegate WITH GRANT OPTION;
            CREATE ROLE delegated_agent LOGIN;
            SET ROLE delegate; GRANT DELETE ON public.orders TO delegated_agent; RESET ROLE;

            -- large objects, a database privilege, quoted names
            CREATE ROLE lo_agent LOGIN;
            SELECT lo_from_bytea(424242, 'payload');
            GRANT UPDATE ON LARGE OBJECT 424242 TO lo_agent;
            CREATE ROLE db_creator LOGIN;
            GRANT CREATE ON DATABASE audit TO db_creator;
            CREATE ROLE "Mixed ""Case"" Agent" LOGIN;
            CREATE SCHEMA "Sales Data";
            CREATE TABLE "Sales Data"."Order Lines" (id int);
            GRANT TRUNCATE ON "Sales Data"."Order Lines" TO "Mixed ""Case"" Agent";

            -- settings: hardened, but this database turns the statement timeout off again
            CREATE ROLE hardened LOGIN CONNECTION LIMIT 5;
            GRANT app_ro TO hardened;
            ALTER ROLE hardened SET default_transaction_read_only = on;
            ALTER ROLE hardened SET statement_timeout = '30s';
            ALTER ROLE hardened SET idle_in_transaction_session_timeout = '1min';
            ALTER ROLE hardened IN DATABASE audit SET statement_timeout = 0;
            """;

    static Production production;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("audit", FIXTURE);
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    static AccessAuditReport audit(Production p, Map<String, List<String>> agents, String... roles) {
        DatabaseConfig db = new DatabaseConfig(p.url(), null, null, null, List.of(), List.of(), null);
        return new AccessAuditor(Production.ENV).audit(p.database(), db, new AccessAuditor.Scope(List.of(roles), agents));
    }

    static RoleAudit role(AccessAuditReport report, String name) {
        return report.roles().stream().filter(r -> r.role().equals(name)).findFirst().orElseThrow();
    }

    static Finding finding(AccessAuditReport report, String role, String path) {
        List<Finding> findings = role(report, role).findings();
        return findings.stream().filter(f -> f.pathText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding '" + path + "' among:\n"
                        + String.join("\n", findings.stream().map(Finding::pathText).toList())));
    }

    static List<Finding> writePaths(AccessAuditReport report, String role) {
        return role(report, role).findings().stream().filter(Finding::writePath).toList();
    }

    /** The finding with this path, checked for what every finding must say right. */
    static Finding expect(AccessAuditReport report, String role, String path, Severity severity, FindingKind kind, String fixSql) {
        Finding f = finding(report, role, path);
        assertThat(f.severity()).as(path).isEqualTo(severity);
        assertThat(f.kind()).as(path).isEqualTo(kind);
        assertThat(f.fixSql()).as(path).isEqualTo(fixSql);
        return f;
    }

    @Test
    void writeThroughMembershipOfAnotherRole() {
        AccessAuditReport r = audit(production, Map.of(), "via_group", "chain_agent", "noinherit_agent");
        Finding f = expect(r, "via_group", "via_group -> app_rw -> INSERT on public.orders", Severity.HIGH,
                FindingKind.TABLE_PRIVILEGE, "REVOKE \"app_rw\" FROM \"via_group\";");
        assertThat(f.writePath()).isTrue();
        assertThat(f.viaSetRole()).isFalse();
        assertThat(f.note()).contains("REVOKE INSERT ON TABLE \"public\".\"orders\" FROM \"app_rw\";");

        finding(r, "chain_agent", "chain_agent -> analysts -> app_rw -> INSERT on public.orders");
        assertThat(role(r, "chain_agent").findings()).noneMatch(x -> x.pathText().contains("squad"));

        Finding setRole = finding(r, "noinherit_agent", "noinherit_agent -> app_rw -> INSERT on public.orders");
        assertThat(setRole.viaSetRole()).isTrue();
    }

    @Test
    void predefinedWriteRolesAndAttributes() {
        AccessAuditReport r = audit(production, Map.of(), "bulk_writer", "sneaky", "role_maker", "signaler");
        expect(r, "bulk_writer", "bulk_writer -> pg_write_all_data", Severity.CRITICAL, FindingKind.PREDEFINED_ROLE,
                "REVOKE \"pg_write_all_data\" FROM \"bulk_writer\";");
        Finding superuser = expect(r, "sneaky", "sneaky -> admins -> SUPERUSER", Severity.CRITICAL, FindingKind.ROLE_ATTRIBUTE,
                "REVOKE \"admins\" FROM \"sneaky\";");
        assertThat(superuser.viaSetRole()).isTrue();
        expect(r, "role_maker", "role_maker -> CREATEROLE", Severity.HIGH, FindingKind.ROLE_ATTRIBUTE,
                "ALTER ROLE \"role_maker\" NOCREATEROLE;");
        expect(r, "signaler", "signaler -> pg_signal_backend", Severity.HIGH, FindingKind.PREDEFINED_ROLE,
                "REVOKE \"pg_signal_backend\" FROM \"signaler\";");
    }

    @Test
    void tableOwner() {
        AccessAuditReport r = audit(production, Map.of(), "table_owner");
        expect(r, "table_owner", "table_owner -> owner of public.invoices", Severity.CRITICAL, FindingKind.OWNERSHIP,
                "ALTER TABLE \"public\".\"invoices\" OWNER TO \"postgres\";");
    }

    @Test
    void securityDefinerWriterExecutableByPublic() {
        AccessAuditReport r = audit(production, Map.of(), "reader");
        Finding f = expect(r, "reader", "reader -> PUBLIC -> EXECUTE on public.purge_orders(integer)", Severity.CRITICAL,
                FindingKind.SECURITY_DEFINER_FUNCTION, "REVOKE EXECUTE ON FUNCTION \"public\".\"purge_orders\"(integer) FROM PUBLIC;");
        assertThat(f.allows()).contains("app_owner").contains("owner of public.orders");
        assertThat(role(r, "reader").findings()).noneMatch(x -> x.object().contains("order_count"));
    }

    @Test
    void defaultPrivilegesOnFutureTables() {
        AccessAuditReport r = audit(production, Map.of(), "future_agent");
        expect(r, "future_agent", "future_agent -> INSERT on future tables of app_owner in schema public", Severity.HIGH,
                FindingKind.DEFAULT_PRIVILEGE,
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"public\" REVOKE INSERT ON TABLES FROM \"future_agent\";");
    }

    @Test
    void schemaWherePublicMayCreate() {
        AccessAuditReport r = audit(production, Map.of(), "reader");
        expect(r, "reader", "reader -> PUBLIC -> CREATE on schema scratch", Severity.HIGH, FindingKind.SCHEMA_PRIVILEGE,
                "REVOKE CREATE ON SCHEMA \"scratch\" FROM PUBLIC;");
        // PostgreSQL 15 no longer lets PUBLIC create in public.
        assertThat(role(r, "reader").findings()).noneMatch(x -> x.pathText().contains("CREATE on schema public"));
    }

    @Test
    void columnsSequencesViewsAndPartitionedTables() {
        AccessAuditReport r = audit(production, Map.of(), "detail_agent");
        expect(r, "detail_agent", "detail_agent -> UPDATE (customer, total) on public.orders", Severity.HIGH,
                FindingKind.COLUMN_PRIVILEGE, "REVOKE UPDATE (\"customer\", \"total\") ON TABLE \"public\".\"orders\" FROM \"detail_agent\";");
        expect(r, "detail_agent", "detail_agent -> USAGE on public.ticket_seq", Severity.MEDIUM, FindingKind.SEQUENCE_PRIVILEGE,
                "REVOKE USAGE ON SEQUENCE \"public\".\"ticket_seq\" FROM \"detail_agent\";");
        expect(r, "detail_agent", "detail_agent -> DELETE on public.recent_orders", Severity.HIGH, FindingKind.TABLE_PRIVILEGE,
                "REVOKE DELETE ON TABLE \"public\".\"recent_orders\" FROM \"detail_agent\";");
        Finding latent = expect(r, "detail_agent", "detail_agent -> INSERT on public.order_totals", Severity.MEDIUM,
                FindingKind.TABLE_PRIVILEGE, "REVOKE INSERT ON TABLE \"public\".\"order_totals\" FROM \"detail_agent\";");
        assertThat(latent.allows()).contains("once the view becomes updatable");
        expect(r, "detail_agent", "detail_agent -> TRIGGER on public.events", Severity.HIGH, FindingKind.TABLE_PRIVILEGE,
                "REVOKE TRIGGER ON TABLE \"public\".\"events\" FROM \"detail_agent\";");
    }

    @Test
    void grantsByOtherGrantorsLargeObjectsDatabasesAndQuotedNames() {
        AccessAuditReport r = audit(production, Map.of(), "delegated_agent", "lo_agent", "db_creator", "Mixed \"Case\" Agent");
        expect(r, "delegated_agent", "delegated_agent -> DELETE on public.orders", Severity.HIGH, FindingKind.TABLE_PRIVILEGE,
                "SET ROLE \"delegate\"; REVOKE DELETE ON TABLE \"public\".\"orders\" FROM \"delegated_agent\"; RESET ROLE;");
        expect(r, "lo_agent", "lo_agent -> UPDATE on large object 424242", Severity.HIGH, FindingKind.LARGE_OBJECT_PRIVILEGE,
                "REVOKE UPDATE ON LARGE OBJECT 424242 FROM \"lo_agent\";");
        expect(r, "db_creator", "db_creator -> CREATE on database audit", Severity.HIGH, FindingKind.DATABASE_PRIVILEGE,
                "REVOKE CREATE ON DATABASE \"audit\" FROM \"db_creator\";");
        expect(r, "Mixed \"Case\" Agent", "Mixed \"Case\" Agent -> TRUNCATE on Sales Data.Order Lines", Severity.HIGH,
                FindingKind.TABLE_PRIVILEGE, "REVOKE TRUNCATE ON TABLE \"Sales Data\".\"Order Lines\" FROM \"Mixed \"\"Case\"\" Agent\";");
    }

    @Test
    void readOnlyAgentPassesAndHardeningIsReportedApart() {
        AccessAuditReport r = audit(production, Map.of("reader", List.of("claude"), "hardened", List.of("helper")), "reader");
        RoleAudit reader = role(r, "reader");
        assertThat(reader.agent()).isTrue();
        // What the reader can do is what PUBLIC can: the SECURITY DEFINER writer and the open schema.
        assertThat(writePaths(r, "reader")).extracting(Finding::pathText).containsExactlyInAnyOrder(
                "reader -> PUBLIC -> EXECUTE on public.purge_orders(integer)", "reader -> PUBLIC -> CREATE on schema scratch");
        assertThat(r.passed()).isFalse();
        assertThat(r.summary().agentsWithWritePaths()).containsExactlyInAnyOrder("reader", "hardened");

        RoleAudit hardened = role(r, "hardened");
        assertThat(hardened.findings()).filteredOn(f -> f.kind() == FindingKind.SETTING).extracting(Finding::object)
                .containsExactly("statement_timeout");
        Finding timeout = expect(r, "hardened", "hardened -> statement_timeout = 0 (set for the role in this database)",
                Severity.LOW, FindingKind.SETTING, "ALTER ROLE \"hardened\" IN DATABASE \"audit\" SET statement_timeout = '60s';");
        assertThat(timeout.writePath()).isFalse();
        assertThat(hardened.findings()).noneMatch(f -> f.kind() == FindingKind.CONNECTION_LIMIT);
        assertThat(finding(r, "reader", "reader -> default_transaction_read_only = off (server setting)").severity())
                .isEqualTo(Severity.LOW);
        assertThat(finding(r, "reader", "reader -> PUBLIC -> TEMPORARY on database audit").writePath()).isFalse();
    }

    @Test
    void everyLoginRoleByDefaultAndSuperusersInOneLine() {
        AccessAuditReport r = audit(production, Map.of());
        assertThat(r.roles()).extracting(RoleAudit::role).contains("postgres", "via_group", "reader", "table_owner")
                .doesNotContain("app_rw", "admins");
        assertThat(role(r, "postgres").findings()).extracting(Finding::pathText).containsExactly("postgres -> SUPERUSER");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void unknownRoleIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> audit(production, Map.of(), "nobody_here"))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("nobody_here");
        AccessAuditReport r = audit(production, Map.of("ghost", List.of("claude")), "reader");
        assertThat(r.agentRolesNotFound()).containsExactly("ghost");
    }
}
