package dev.bulwark.gate.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.StoreLocation;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.ControlDatabaseServer;
import dev.bulwark.testing.StoreFixture;

/** The approvals store in a PostgreSQL control database: the shared behaviour, plus what only a server has. */
class ApprovalStorePostgresIT extends ApprovalStoreContract {
    @Override
    StoreFixture backend() throws Exception {
        return ControlDatabaseServer.shared();
    }

    @Override
    String storedText() throws Exception {
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        StringBuilder text = new StringBuilder();
        try (Connection c = server.superuser(); Statement s = c.createStatement()) {
            for (String table : new String[] {"agents", "approvers", "requests", "request_approvals"}) {
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        text.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    @Test
    void keepsItsTablesInTheBulwarkSchemaOwnedByTheStoreRole() throws Exception {
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        assertThat(store.file()).isNull();
        try (Connection c = server.superuser(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'bulwark'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(ControlDatabaseServer.ROLE);
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE component = 'approvals'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(ApprovalStore.SCHEMA_VERSION);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void aWrongPasswordIsAnEnvironmentErrorThatNamesTheServerButNotThePassword() throws Exception {
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        String wrong = "not-" + server.password();
        PgUrl url = server.url().withPassword(wrong);
        assertThatThrownBy(() -> ApprovalStore.open(new StoreLocation.ControlDatabase(url)))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageContaining("127.0.0.1:" + server.port() + "/control")
                .hasMessageContaining("password authentication failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(server.password()));
    }

    @Test
    void anUnreachableServerIsAnEnvironmentErrorThatNamesIt() throws Exception {
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        PgUrl url = new PgUrl("127.0.0.1", 1, "control", ControlDatabaseServer.ROLE, server.password(), Map.of());
        assertThatThrownBy(() -> ApprovalStore.open(new StoreLocation.ControlDatabase(url)))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageContaining("127.0.0.1:1/control")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(server.password()));
    }

    @Test
    void aLostConnectionIsReplacedOnTheNextCall() throws Exception {
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        store.addApprover("alice");
        server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ControlDatabaseServer.ROLE + "'");
        assertThatThrownBy(store::listApprovers)
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT))
                .hasMessageContaining("127.0.0.1:" + server.port() + "/control");
        assertThat(store.listApprovers()).extracting(Approver::name).containsExactly("alice");
    }
}
