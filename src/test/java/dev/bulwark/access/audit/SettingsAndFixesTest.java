package dev.bulwark.access.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettingsAndFixesTest {
    static final Role AGENT = RoleGraphTest.role(100, "ag\"ent", true);
    static final Role OWNER = RoleGraphTest.role(101, "owner", true);
    static final Role DELEGATE = RoleGraphTest.role(102, "delegate", true);

    static CatalogSnapshot catalog(int major, List<Membership> memberships, List<RoleSetting> settings) {
        return new CatalogSnapshot(major, major + ".0", "app", 5, OWNER.oid(), "postgres",
                RoleGraphTest.roles(AGENT, OWNER, DELEGATE), memberships, List.of(), List.of(), Set.of(), Map.of(), List.of(),
                List.of(), settings, Map.of("statement_timeout", "0", "default_transaction_read_only", "off"));
    }

    @Test
    void roleSettingsInThisDatabaseWinOverTheRoleTheDatabaseAllRolesAndTheServer() {
        var settings = List.of(new RoleSetting(0, 0, "statement_timeout", "5s"), new RoleSetting(5, 0, "statement_timeout", "10s"),
                new RoleSetting(0, AGENT.oid(), "statement_timeout", "20s"), new RoleSetting(5, AGENT.oid(), "statement_timeout", "0"),
                new RoleSetting(9, AGENT.oid(), "default_transaction_read_only", "on"));
        EffectiveSetting timeout = EffectiveSetting.of(catalog(15, List.of(), settings), AGENT, "statement_timeout");
        assertThat(timeout.source()).isEqualTo(EffectiveSetting.Source.DATABASE_ROLE);
        assertThat(timeout.zero()).isTrue();
        assertThat(timeout.fixFor(AGENT, "app", "'60s'"))
                .isEqualTo("ALTER ROLE \"ag\"\"ent\" IN DATABASE \"app\" SET statement_timeout = '60s';");
        assertThat(EffectiveSetting.of(catalog(15, List.of(), settings.subList(0, 2)), AGENT, "statement_timeout").value())
                .isEqualTo("10s");
        // a setting for another database does not apply here
        EffectiveSetting readOnly = EffectiveSetting.of(catalog(15, List.of(), settings), AGENT, "default_transaction_read_only");
        assertThat(readOnly.source()).isEqualTo(EffectiveSetting.Source.SERVER);
        assertThat(readOnly.on()).isFalse();
        assertThat(readOnly.fixFor(AGENT, "app", "on")).isEqualTo("ALTER ROLE \"ag\"\"ent\" SET default_transaction_read_only = on;");
    }

    @Test
    void timeoutsOfZeroInAnyUnitAreNone() {
        assertThat(new EffectiveSetting("statement_timeout", "0", EffectiveSetting.Source.SERVER).zero()).isTrue();
        assertThat(new EffectiveSetting("statement_timeout", "'0ms'", EffectiveSetting.Source.ROLE).zero()).isTrue();
        assertThat(new EffectiveSetting("statement_timeout", "30s", EffectiveSetting.Source.ROLE).zero()).isFalse();
        assertThat(new EffectiveSetting("statement_timeout", "100", EffectiveSetting.Source.ROLE).zero()).isFalse();
    }

    @Test
    void revokesAsTheGrantorWhenTheGrantorIsNotTheOwner() {
        assertThat(Fixes.revoke("INSERT", "TABLE \"s\".\"t\"", AGENT, OWNER, OWNER.oid(), false))
                .isEqualTo("REVOKE INSERT ON TABLE \"s\".\"t\" FROM \"ag\"\"ent\";");
        assertThat(Fixes.revoke("INSERT", "TABLE \"s\".\"t\"", Role.PUBLIC, DELEGATE, OWNER.oid(), true))
                .isEqualTo("SET ROLE \"delegate\"; REVOKE INSERT ON TABLE \"s\".\"t\" FROM PUBLIC CASCADE; RESET ROLE;");
    }

    @Test
    void membershipsAreRevokedPerGrantorFromSixteen() {
        Membership byOwner = new Membership(DELEGATE.oid(), AGENT.oid(), OWNER.oid(), false, true, true, false);
        Membership byAgent = new Membership(DELEGATE.oid(), AGENT.oid(), DELEGATE.oid(), true, true, true, false);
        assertThat(Fixes.revokeMembership(catalog(15, List.of(byOwner), List.of()), byOwner, OWNER))
                .isEqualTo("REVOKE \"delegate\" FROM \"ag\"\"ent\";");
        assertThat(Fixes.revokeMembership(catalog(16, List.of(byOwner, byAgent), List.of()), byOwner, OWNER))
                .isEqualTo("REVOKE \"delegate\" FROM \"ag\"\"ent\" GRANTED BY \"owner\"; "
                        + "REVOKE \"delegate\" FROM \"ag\"\"ent\" GRANTED BY \"delegate\" CASCADE;");
        Membership implicit = new Membership(DELEGATE.oid(), OWNER.oid(), 0, false, true, false, true);
        assertThat(Fixes.revokeMembership(catalog(15, List.of(implicit), List.of()), implicit, AGENT))
                .isEqualTo("ALTER DATABASE \"app\" OWNER TO \"ag\"\"ent\";");
    }
}
