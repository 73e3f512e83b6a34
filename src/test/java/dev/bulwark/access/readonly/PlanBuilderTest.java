package dev.bulwark.access.readonly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.access.readonly.ProofPlan.Creator;
import dev.bulwark.access.readonly.ProofPlan.SchemaSamples;
import dev.bulwark.access.readonly.RoleFacts.DefaultWriteGrant;
import dev.bulwark.access.readonly.RoleFacts.ExistingRole;
import dev.bulwark.access.readonly.RoleFacts.Membership;
import dev.bulwark.access.readonly.RoleFacts.SettingOverride;
import dev.bulwark.access.readonly.RoleFacts.WriteGrant;

/** The plan from catalog facts, without a server: what each situation must produce, and what it must refuse. */
class PlanBuilderTest {
    private static final RoleFacts.Server PG15 = new RoleFacts.Server("app", "admin", true, 150004);
    private static final WriteGrant PUBLIC_TEMP = new WriteGrant("DATABASE", "\"app\"", "app", true, "admin", true,
            List.of("TEMPORARY"));

    private static RoleFacts facts(RoleFacts.Server server, ExistingRole existing, List<Membership> memberships,
                                   List<WriteGrant> grants, List<DefaultWriteGrant> defaults, List<SettingOverride> overrides,
                                   List<String> owned) {
        return new RoleFacts(server, "agent", existing, List.of("public", "sales"), owned, Map.of(), memberships, grants,
                defaults, overrides,
                List.of(new Creator("public", "admin", true, true), new Creator("sales", "app_owner", true, true),
                        new Creator("sales", "admin", true, true)),
                List.of(), List.of(new SchemaSamples("public", "events", "id", "events_id_seq"),
                        new SchemaSamples("sales", "orders", "id", null)));
    }

    private static RoleFacts newRole(List<WriteGrant> grants) {
        return facts(PG15, null, List.of(), grants, List.of(), List.of(), List.of());
    }

    private static ReadonlyRoleRequest request(boolean revokePublic) {
        return new ReadonlyRoleRequest("agent", List.of(), RoleLimits.DEFAULT, revokePublic);
    }

    private static List<String> sql(RolePlan plan) {
        return plan.steps().stream().map(PlanStep::display).toList();
    }

    @Test
    void newRoleGetsLoginReadsSettingsAndDefaultPrivilegesOfEveryCreator() {
        RolePlan plan = PlanBuilder.build(newRole(List.of(PUBLIC_TEMP)), request(false), "admin@db:5432/app");
        assertThat(plan.newRole()).isTrue();
        assertThat(plan.steps().get(1)).isEqualTo(new PlanStep.SetPassword("agent"));
        assertThat(sql(plan)).contains(
                "CREATE ROLE \"agent\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5;",
                "ALTER ROLE \"agent\" SET default_transaction_read_only = on;",
                "ALTER ROLE \"agent\" SET statement_timeout = '30s';",
                "ALTER ROLE \"agent\" SET idle_in_transaction_session_timeout = '1min';",
                "GRANT CONNECT ON DATABASE \"app\" TO \"agent\";",
                "GRANT USAGE ON SCHEMA \"sales\" TO \"agent\";",
                "GRANT SELECT ON ALL TABLES IN SCHEMA \"sales\" TO \"agent\";",
                "GRANT SELECT ON ALL SEQUENCES IN SCHEMA \"sales\" TO \"agent\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"sales\" GRANT SELECT ON TABLES TO \"agent\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"sales\" GRANT SELECT ON SEQUENCES TO \"agent\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"admin\" IN SCHEMA \"public\" GRANT SELECT ON TABLES TO \"agent\";");
        assertThat(sql(plan)).noneMatch(s -> s.contains("IN DATABASE") || s.contains("PUBLIC") || s.contains("USAGE ON SEQUENCE")
                || s.contains("REVOKE"));
        assertThat(plan.warnings()).singleElement().asString().contains("PUBLIC holds TEMPORARY on database app")
                .contains("--revoke-public");
        assertThat(plan.proof().publicKeepsTemp()).isTrue();
        assertThat(plan.sections()).allMatch(s -> !s.why().isBlank());
    }

    @Test
    void limitsAreTheOnesAskedFor() {
        var limits = new RoleLimits(Duration.ofMillis(1500), Duration.ofMinutes(10), 2);
        RolePlan plan = PlanBuilder.build(newRole(List.of()), new ReadonlyRoleRequest("agent", List.of(), limits, false), "s");
        assertThat(sql(plan)).contains("ALTER ROLE \"agent\" SET statement_timeout = '1500ms';",
                "ALTER ROLE \"agent\" SET idle_in_transaction_session_timeout = '10min';")
                .anyMatch(s -> s.endsWith("CONNECTION LIMIT 2;"));
        assertThat(plan.proof().limits()).isEqualTo(limits);
    }

    @Test
    void existingRoleLosesAttributesMembershipsWritesAndOverrides() {
        ExistingRole existing = new ExistingRole(16500, true, true, false, false, true, false, -1);
        RoleFacts f = facts(PG15, existing,
                List.of(new Membership("pg_write_all_data", "admin"), new Membership("writers", "admin")),
                List.of(new WriteGrant("TABLE", "\"sales\".\"orders\"", "sales.orders", false, "app_owner", true,
                                List.of("INSERT", "UPDATE")),
                        new WriteGrant("TABLE", "\"public\".\"events\"", "public.events", false, "lead", false, List.of("DELETE")),
                        new WriteGrant("SEQUENCE", "\"public\".\"events_id_seq\"", "public.events_id_seq", false, "admin",
                                true, List.of("USAGE")),
                        new WriteGrant("SCHEMA", "\"sales\"", "sales", false, "app_owner", true, List.of("CREATE")),
                        PUBLIC_TEMP),
                List.of(new DefaultWriteGrant("app_owner", "sales", 'r', false, List.of("INSERT")),
                        new DefaultWriteGrant("app_owner", null, 'S', false, List.of("UPDATE"))),
                List.of(new SettingOverride("app", "default_transaction_read_only")), List.of());
        RolePlan plan = PlanBuilder.build(f, request(false), "s");
        assertThat(plan.newRole()).isFalse();
        assertThat(plan.steps()).noneMatch(s -> s instanceof PlanStep.SetPassword);
        List<String> sql = sql(plan);
        assertThat(sql.get(0)).isEqualTo(
                "ALTER ROLE \"agent\" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN CONNECTION LIMIT 5;");
        assertThat(plan.sections().get(0).why()).contains("SUPERUSER, CREATEDB, BYPASSRLS").contains("cannot log in");
        assertThat(sql).contains(
                "REVOKE \"pg_write_all_data\" FROM \"agent\";",
                "REVOKE \"writers\" FROM \"agent\";",
                "ALTER ROLE \"agent\" IN DATABASE \"app\" RESET default_transaction_read_only;",
                "REVOKE INSERT, UPDATE ON TABLE \"sales\".\"orders\" FROM \"agent\";",
                "REVOKE USAGE ON SEQUENCE \"public\".\"events_id_seq\" FROM \"agent\";",
                "REVOKE CREATE ON SCHEMA \"sales\" FROM \"agent\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"sales\" REVOKE INSERT ON TABLES FROM \"agent\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" REVOKE UPDATE ON SEQUENCES FROM \"agent\";");
        // a grant made by someone other than the owner can only be taken back by its grantor
        int revoke = sql.indexOf("REVOKE DELETE ON TABLE \"public\".\"events\" FROM \"agent\";");
        assertThat(sql.subList(revoke - 1, revoke + 2)).containsExactly("SET ROLE \"lead\";",
                "REVOKE DELETE ON TABLE \"public\".\"events\" FROM \"agent\";", "RESET ROLE;");
        // the privileges are revoked before the read grants, all in the one transaction
        assertThat(sql.indexOf("REVOKE CREATE ON SCHEMA \"sales\" FROM \"agent\";"))
                .isLessThan(sql.indexOf("GRANT USAGE ON SCHEMA \"sales\" TO \"agent\";"));
    }

    @Test
    void aPlanRunByANonSuperuserNamesOnlyTheAttributesTheRoleHas() {
        var createrole = new RoleFacts.Server("app", "admin", false, 150004);
        RoleFacts plain = facts(createrole, new ExistingRole(16500, false, false, false, false, false, true, -1), List.of(),
                List.of(), List.of(), List.of(), List.of());
        assertThat(sql(PlanBuilder.build(plain, request(false), "s")).get(0))
                .isEqualTo("ALTER ROLE \"agent\" LOGIN CONNECTION LIMIT 5;");
        RoleFacts creator = facts(createrole, new ExistingRole(16500, false, true, true, false, false, true, -1), List.of(),
                List.of(), List.of(), List.of(), List.of());
        assertThat(sql(PlanBuilder.build(creator, request(false), "s")).get(0))
                .isEqualTo("ALTER ROLE \"agent\" NOCREATEDB NOCREATEROLE LOGIN CONNECTION LIMIT 5;");
    }

    @Test
    void postgres16MembershipsAreRevokedPerGrantor() {
        var pg16 = new RoleFacts.Server("app", "admin", true, 160002);
        RoleFacts f = facts(pg16, new ExistingRole(16500, false, false, false, false, false, true, -1),
                List.of(new Membership("writers", "admin"), new Membership("writers", "lead")), List.of(), List.of(), List.of(),
                List.of());
        assertThat(sql(PlanBuilder.build(f, request(false), "s"))).contains(
                "REVOKE \"writers\" FROM \"agent\" GRANTED BY \"admin\";", "REVOKE \"writers\" FROM \"agent\" GRANTED BY \"lead\";");
    }

    @Test
    void revokePublicTakesWhatPublicHoldsAndLeavesNoWarningAboutIt() {
        List<WriteGrant> publicGrants = List.of(
                new WriteGrant("SCHEMA", "\"public\"", "public", true, "admin", true, List.of("CREATE")),
                new WriteGrant("TABLE", "\"sales\".\"orders\"", "sales.orders", true, "app_owner", true, List.of("INSERT")),
                PUBLIC_TEMP);
        RoleFacts f = facts(PG15, null, List.of(), publicGrants,
                List.of(new DefaultWriteGrant("app_owner", "sales", 'r', true, List.of("INSERT"))), List.of(), List.of());

        RolePlan without = PlanBuilder.build(f, request(false), "s");
        assertThat(sql(without)).noneMatch(s -> s.contains("PUBLIC"));
        assertThat(without.warnings()).hasSize(4).anyMatch(w -> w.contains("CREATE on schema public")
                && w.contains("proof after --apply fails") && w.contains("REVOKE CREATE ON SCHEMA \"public\" FROM PUBLIC"));

        RolePlan with = PlanBuilder.build(f, request(true), "s");
        assertThat(sql(with)).contains("REVOKE CREATE ON SCHEMA \"public\" FROM PUBLIC;",
                "REVOKE INSERT ON TABLE \"sales\".\"orders\" FROM PUBLIC;", "REVOKE TEMPORARY ON DATABASE \"app\" FROM PUBLIC;",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"app_owner\" IN SCHEMA \"sales\" REVOKE INSERT ON TABLES FROM PUBLIC;");
        assertThat(with.warnings()).isEmpty();
        assertThat(with.proof().publicKeepsTemp()).isFalse();
    }

    @Test
    void anOwnerIsRefusedWithTheStatementThatWouldFixIt() {
        RoleFacts f = facts(PG15, new ExistingRole(16500, false, false, false, false, false, true, -1), List.of(), List.of(),
                List.of(), List.of(), List.of("table sales.orders", "schema sales"));
        assertThatThrownBy(() -> PlanBuilder.build(f, request(false), "s"))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("owns 2 objects (table sales.orders, schema sales)")
                .hasMessageContaining("REASSIGN OWNED BY \"agent\" TO \"admin\";");
    }

    @Test
    void theAdminRoleAndTheBootstrapSuperuserAreRefused() {
        var adminIsAgent = new RoleFacts.Server("app", "agent", true, 150004);
        assertThatThrownBy(() -> PlanBuilder.build(facts(adminIsAgent, new ExistingRole(16500, true, false, false, false, false,
                true, -1), List.of(), List.of(), List.of(), List.of(), List.of()), request(false), "s"))
                .hasMessageContaining("the role Bulwark connects as");
        assertThatThrownBy(() -> PlanBuilder.build(facts(PG15, new ExistingRole(10, true, true, true, true, true, true, -1),
                List.of(), List.of(), List.of(), List.of(), List.of()), request(false), "s"))
                .hasMessageContaining("bootstrap superuser");
    }

    @Test
    void warnsAboutSecurityDefinersAndCreatorsTheAdminCannotActFor() {
        RoleFacts f = new RoleFacts(PG15, "agent", null, List.of("sales"), List.of(), Map.of("other", 3), List.of(), List.of(),
                List.of(), List.of(), List.of(new Creator("sales", "outsider", true, false)),
                List.of("sales.bump(integer) (owner app_owner)"), List.of(new SchemaSamples("sales", null, null, null)));
        List<String> warnings = PlanBuilder.build(f, request(false), "s").warnings();
        assertThat(warnings).anyMatch(w -> w.contains("SECURITY DEFINER function sales.bump(integer)"))
                .anyMatch(w -> w.contains("not a member of \"outsider\""))
                .anyMatch(w -> w.contains("owns 3 object(s) in database \"other\""));
    }
}
