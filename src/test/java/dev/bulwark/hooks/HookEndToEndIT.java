package dev.bulwark.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bulwark.gate.audit.AuditEntry;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.testing.Cli;

/**
 * The built CLI as each agent runs it: an agent-shaped event piped into {@code bulwark hook AGENT},
 * the answer read as the agent reads it, the decision found in the audit log; and {@code hook install}
 * followed by running exactly the command it installed.
 */
class HookEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path config;
    static Path repository;

    @BeforeAll
    static void writeConfig() throws IOException {
        repository = Files.createDirectories(dir.resolve("repo"));
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "databases:\n  app:\n    url: postgresql://backup@db.internal:5432/app\n"
                + "repository:\n  path: " + repository + "\n");
    }

    record Run(int exit, String out, String err) {
    }

    private static Run pipe(String stdin, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), out.strip(), err);
    }

    private static Run hook(Agent agent, String command) throws Exception {
        List<String> cli = Cli.builder(Map.of(), "--config", config.toString(), "hook", agent.id()).command();
        return pipe(AgentEvents.event(agent, command, dir), cli);
    }

    @Test
    void eachAgentGetsItsAnswerAndEveryDecisionIsAudited() throws Exception {
        Path store = dir.resolve("bulwark-approvals.db");
        long before;
        try (AuditLog log = AuditLog.open(store)) {
            before = log.head().seq();
        }
        for (Agent agent : Agent.values()) {
            Run denied = hook(agent, "cd " + dir + " && rm -rf repo");
            assertThat(AgentEvents.answer(agent, denied.out(), denied.err(), denied.exit())).as(agent + ": " + denied).isEqualTo("deny");
            assertThat(denied.out()).contains("Bulwark blocked this command").contains(repository.toString());

            Run sql = hook(agent, "psql -h db.internal app <<'EOF'\nDELETE FROM users;\nEOF");
            assertThat(AgentEvents.answer(agent, sql.out(), sql.err(), sql.exit())).as(agent + ": " + sql).isEqualTo("deny");

            Run allowed = hook(agent, "git status && psql -h db.internal app -c 'SELECT count(*) FROM users'");
            assertThat(AgentEvents.answer(agent, allowed.out(), allowed.err(), allowed.exit())).as(agent + ": " + allowed).isEqualTo("allow");
        }
        try (AuditLog log = AuditLog.open(store)) {
            List<AuditEntry> entries = log.entries(before + 1, 100);
            assertThat(entries).hasSize(3 * Agent.values().length);
            assertThat(entries).extracting(AuditEntry::agent).containsSubsequence("claude-code", "codex", "gemini", "cursor");
            assertThat(entries).extracting(AuditEntry::decision).containsSubsequence("REFUSED", "REFUSED", "ALLOWED");
            assertThat(entries.get(1).database()).isEqualTo("app");
            assertThat(entries.get(0).sql()).endsWith("rm -rf repo").contains("deletes the Bulwark repository");
        }
        Cli.Result verify = Cli.run("--config", config.toString(), "audit", "verify");
        assertThat(verify.exit()).as(verify.all()).isZero();
    }

    @Test
    void anUnreadableEventIsBlockedWithExitTwo() throws Exception {
        Run run = pipe("{\"tool_name\": \"Bash\", \"tool_input\": ", Cli.builder(Map.of(), "--config", config.toString(), "hook",
                "claude-code").command());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Bulwark blocked this command: the hook input could not be read");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theInstalledCommandIsTheHook() throws Exception {
        Path settings = dir.resolve("project/.claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"permissions\": {\"allow\": [\"Bash(npm test)\"]}}");
        Cli.Result install = Cli.run("--config", config.toString(), "hook", "install", "claude-code", "--settings", settings.toString());
        assertThat(install.exit()).as(install.all()).isZero();
        Cli.Result again = Cli.run("--config", config.toString(), "hook", "install", "claude-code", "--settings", settings.toString());
        assertThat(again.out()).startsWith("Updated");

        JsonNode root = JSON.readTree(Files.readString(settings));
        assertThat(root.at("/permissions/allow/0").asText()).isEqualTo("Bash(npm test)");
        assertThat(root.at("/hooks/PreToolUse")).hasSize(1);
        String installed = root.at("/hooks/PreToolUse/0/hooks/0/command").asText();
        assertThat(installed).startsWith("/").contains("--config " + config.toAbsolutePath()).endsWith(" hook claude-code");

        Run denied = pipe(AgentEvents.event(Agent.CLAUDE_CODE, "sudo -u postgres dropdb app", dir), List.of("sh", "-c", installed));
        assertThat(AgentEvents.answer(Agent.CLAUDE_CODE, denied.out(), denied.err(), denied.exit())).as(denied.toString()).isEqualTo("deny");
        Run allowed = pipe(AgentEvents.event(Agent.CLAUDE_CODE, "ls -la", dir), List.of("sh", "-c", installed));
        assertThat(allowed.exit()).as(allowed.toString()).isZero();
        assertThat(allowed.out()).isEmpty();

        Files.writeString(settings, "{ not json");
        Cli.Result refused = Cli.run("--config", config.toString(), "hook", "install", "claude-code", "--settings", settings.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("is not valid JSON");
        assertThat(Files.readString(settings)).isEqualTo("{ not json");
    }
}
