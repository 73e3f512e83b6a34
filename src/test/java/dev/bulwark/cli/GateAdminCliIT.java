package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.testing.Cli;

/** The approvals store's administration through the built CLI: agents, approvers, requests, audit. */
class GateAdminCliIT {
    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void writeConfig() throws Exception {
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "databases:\n  app:\n    url: postgresql://backup@127.0.0.1:5432/app\n");
    }

    @Test
    void agentsApproversAndAuditAreAdministeredWithoutLeakingSecrets() throws Exception {
        Cli.Result add = Cli.run("--config", config.toString(), "agents", "add", "claude", "--db", "app");
        assertThat(add.exit()).as(add.all()).isZero();
        String password = add.out().trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        Path store = dir.resolve("bulwark-approvals.db");
        assertThat(Files.getPosixFilePermissions(store)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        assertThat(Cli.run("--config", config.toString(), "agents", "add", "claude", "--db", "app").exit()).isEqualTo(2);
        assertThat(Cli.run("--config", config.toString(), "agents", "add", "other", "--db", "nope").exit()).isEqualTo(2);
        Cli.Result agents = Cli.run("--config", config.toString(), "agents", "list");
        assertThat(agents.out()).contains("claude").contains("app").doesNotContain(password);

        Cli.Result approver = Cli.run("--config", config.toString(), "approvers", "add", "alice");
        assertThat(approver.exit()).isZero();
        assertThat(approver.out()).startsWith("otpauth://totp/");
        String secret = approver.out().replaceAll("(?s).*secret=([A-Z2-7]+).*", "$1");
        Cli.Result approvers = Cli.run("--config", config.toString(), "--json", "approvers", "list");
        assertThat(approvers.out()).contains("alice").doesNotContain(secret);

        assertThat(Cli.run("--config", config.toString(), "approvals", "list").exit()).isZero();
        assertThat(Cli.run("--config", config.toString(), "approvals", "show", "cr-nope").exit()).isEqualTo(2);
        Cli.Result audit = Cli.run("--config", config.toString(), "audit", "verify");
        assertThat(audit.exit()).as(audit.all()).isZero();
        assertThat(audit.out()).contains("intact");
    }
}
