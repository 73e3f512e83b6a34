package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.Base32;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.NewRequest;
import dev.bulwark.gate.approval.Totp;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.ControlDatabaseServer;

/**
 * The approvals and audit store in a PostgreSQL control database, driven through the built CLI
 * as separate processes: configured by gate.store with the password from the environment.
 */
class ControlDatabaseCliIT {
    static ControlDatabaseServer server;

    @TempDir
    static Path dir;

    static Path config;
    static String secret;

    @BeforeAll
    static void start() throws Exception {
        server = ControlDatabaseServer.shared();
        server.reset();
        config = dir.resolve("bulwark.yaml");
        writeConfig(config, "postgresql://" + ControlDatabaseServer.ROLE + ":${STORE_PW}@127.0.0.1:" + server.port() + "/control");
        Cli.Result approver = bulwark(server.password(), "approvers", "add", "alice");
        assertThat(approver.exit()).as(approver.all()).isZero();
        secret = approver.out().replaceAll("(?s).*secret=([A-Z2-7]+).*", "$1");
    }

    @Test
    void theStoreIsSharedThroughTheControlDatabase() throws Exception {
        Cli.Result add = bulwark(server.password(), "agents", "add", "claude", "--db", "app");
        assertThat(add.exit()).as(add.all()).isZero();
        Cli.Result agents = bulwark(server.password(), "agents", "list");
        assertThat(agents.out()).contains("claude").doesNotContain(add.out().trim());
        try (ApprovalStore store = ApprovalStore.open(server.location())) {
            assertThat(store.agent("claude")).isPresent();
        }
        // no password in the URL: PGPASSWORD, as for every other URL
        Path noPassword = dir.resolve("pgpassword.yaml");
        writeConfig(noPassword, "postgresql://" + ControlDatabaseServer.ROLE + "@127.0.0.1:" + server.port() + "/control");
        Cli.Result list = Cli.run(Map.of("PGPASSWORD", server.password()), "--config", noPassword.toString(), "approvers", "list");
        assertThat(list.exit()).as(list.all()).isZero();
        assertThat(list.out()).contains("alice");
    }

    @Test
    void aWrongPasswordIsAnEnvironmentErrorThatNeverShowsThePassword() {
        String wrong = "wrong-" + server.password();
        Cli.Result r = bulwark(wrong, "approvers", "list");
        assertThat(r.exit()).as(r.all()).isEqualTo(3);
        assertThat(r.all()).contains("127.0.0.1:" + server.port() + "/control").contains("password authentication failed")
                .doesNotContain(wrong).doesNotContain(server.password());
    }

    @Test
    void twoProcessesRacingWithOneCodeCannotBothUseIt() throws Exception {
        List<String> ids = new ArrayList<>();
        try (ApprovalStore store = ApprovalStore.open(server.location())) {
            for (int i = 0; i < 2; i++) {
                ChangeRequest r = store.createRequest(new NewRequest("claude", "app", null, "DROP TABLE t" + i, "DDL", null));
                ids.add(r.id());
            }
        }
        String code = Totp.code(Base32.decode(secret), Totp.step(Instant.now()), 6);
        List<CompletableFuture<Cli.Result>> runs = ids.stream().map(id -> CompletableFuture.supplyAsync(() ->
                bulwark(server.password(), "approvals", "deny", id, "--as", "alice", "--code", code, "--reason", "no"))).toList();
        List<Integer> exits = new ArrayList<>();
        for (CompletableFuture<Cli.Result> run : runs) {
            Cli.Result r = run.get();
            exits.add(r.exit());
            if (r.exit() != 0) {
                assertThat(r.all()).contains("already used");
            }
        }
        assertThat(exits).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void auditVerifyFindsAnEntryEditedBySuperuserAroundTheTrigger() throws Exception {
        try (AuditLog log = AuditLog.open(server.location())) {
            for (int i = 0; i < 3; i++) {
                log.append(new AuditEvent("claude", "app", "127.0.0.1:5000", "DELETE FROM t WHERE id = " + i,
                        AuditDecision.HELD, null));
            }
        }
        Cli.Result intact = bulwark(server.password(), "audit", "verify");
        assertThat(intact.exit()).as(intact.all()).isZero();
        assertThat(intact.out()).contains("intact");
        server.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update",
                "UPDATE audit SET decision = 'ALLOWED' WHERE seq = (SELECT max(seq) FROM audit)",
                "ALTER TABLE audit ENABLE TRIGGER audit_no_update");
        Cli.Result tampered = bulwark(server.password(), "audit", "verify");
        assertThat(tampered.exit()).as(tampered.all()).isEqualTo(1);
        assertThat(tampered.out()).contains("TAMPERED").contains("was edited");
    }

    private static Cli.Result bulwark(String password, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return Cli.run(Map.of("STORE_PW", password), all.toArray(String[]::new));
    }

    private static void writeConfig(Path file, String store) throws IOException {
        Files.writeString(file, "databases:\n  app:\n    url: postgresql://backup@127.0.0.1:5432/app\ngate:\n  store: " + store + "\n");
    }
}
