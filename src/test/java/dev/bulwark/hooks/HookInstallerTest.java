package dev.bulwark.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

class HookInstallerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMAND = "/opt/bulwark/bulwark --config /etc/bulwark/bulwark.yaml hook ";

    @TempDir
    Path dir;

    private final HookInstaller installer = new HookInstaller();

    private JsonNode read(Path file) throws Exception {
        return JSON.readTree(Files.readString(file));
    }

    @Test
    void writesEachAgentsDocumentedShape() throws Exception {
        for (Agent agent : Agent.values()) {
            Path file = HookInstaller.defaultSettingsFile(agent, dir);
            HookInstaller.Installation done = installer.install(agent, file, COMMAND + agent.id());
            assertThat(done.created()).isTrue();
            assertThat(done.updated()).isFalse();
        }
        JsonNode claude = read(dir.resolve(".claude/settings.json")).at("/hooks/PreToolUse/0");
        assertThat(claude.get("matcher").asText()).isEqualTo("Bash");
        assertThat(claude.at("/hooks/0/type").asText()).isEqualTo("command");
        assertThat(claude.at("/hooks/0/command").asText()).isEqualTo(COMMAND + "claude-code");

        JsonNode codex = read(dir.resolve(".codex/hooks.json")).at("/hooks/PreToolUse/0");
        assertThat(codex.get("matcher").asText()).isEqualTo("Bash");
        assertThat(codex.at("/hooks/0/command").asText()).endsWith("hook codex");

        JsonNode gemini = read(dir.resolve(".gemini/settings.json")).at("/hooks/BeforeTool/0");
        assertThat(gemini.get("matcher").asText()).isEqualTo("run_shell_command");
        assertThat(gemini.at("/hooks/0/timeout").asInt()).isEqualTo(30000);
        assertThat(gemini.at("/hooks/0/name").asText()).isEqualTo("bulwark");

        JsonNode cursor = read(dir.resolve(".cursor/hooks.json"));
        assertThat(cursor.get("version").asInt()).isEqualTo(1);
        assertThat(cursor.at("/hooks/beforeShellExecution/0/command").asText()).endsWith("hook cursor");
        assertThat(cursor.at("/hooks/beforeShellExecution/0/failClosed").asBoolean()).isTrue();
    }

    @Test
    void mergesIntoExistingSettingsKeepingEverythingElse() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, """
                {
                  "model": "opus",
                  "permissions": {"allow": ["Bash(npm test)"], "deny": ["Read(.env)"]},
                  "hooks": {
                    "PreToolUse": [
                      {"matcher": "Bash", "hooks": [{"type": "command", "command": "/usr/local/bin/lint-bash"}]},
                      {"matcher": "Write|Edit", "hooks": [{"type": "command", "command": "prettier --check"}]}
                    ],
                    "PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "fmt"}]}]
                  },
                  "env": {"FOO": "bar"}
                }
                """);
        installer.install(Agent.CLAUDE_CODE, file, COMMAND + "claude-code");
        JsonNode root = read(file);
        assertThat(root.get("model").asText()).isEqualTo("opus");
        assertThat(root.at("/permissions/deny/0").asText()).isEqualTo("Read(.env)");
        assertThat(root.at("/env/FOO").asText()).isEqualTo("bar");
        assertThat(root.at("/hooks/PostToolUse/0/hooks/0/command").asText()).isEqualTo("fmt");
        assertThat(root.at("/hooks/PreToolUse")).hasSize(2);
        assertThat(root.at("/hooks/PreToolUse/0/hooks/0/command").asText()).isEqualTo("/usr/local/bin/lint-bash");
        assertThat(root.at("/hooks/PreToolUse/0/hooks/1/command").asText()).isEqualTo(COMMAND + "claude-code");
        assertThat(root.at("/hooks/PreToolUse/1/hooks/0/command").asText()).isEqualTo("prettier --check");
    }

    @Test
    void installingAgainLeavesOneEntryWithTheNewCommand() throws Exception {
        Path file = dir.resolve(".gemini/settings.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"hooks\": {\"disabled\": [\"other\"], \"BeforeTool\": [{\"matcher\": \"run_shell_command\","
                + " \"hooks\": [{\"name\": \"other\", \"type\": \"command\", \"command\": \"./check.sh\"}]}]}}");
        installer.install(Agent.GEMINI, file, COMMAND + "gemini");
        installer.install(Agent.GEMINI, file, COMMAND + "gemini");
        HookInstaller.Installation again = installer.install(Agent.GEMINI, file, "/new/place/bulwark hook gemini");
        assertThat(again.updated()).isTrue();
        JsonNode root = read(file);
        assertThat(root.at("/hooks/disabled/0").asText()).isEqualTo("other");
        JsonNode handlers = root.at("/hooks/BeforeTool/0/hooks");
        assertThat(handlers).hasSize(2);
        assertThat(handlers.get(0).get("command").asText()).isEqualTo("./check.sh");
        assertThat(handlers.get(1).get("command").asText()).isEqualTo("/new/place/bulwark hook gemini");

        Path cursor = dir.resolve("hooks.json");
        installer.install(Agent.CURSOR, cursor, COMMAND + "cursor");
        installer.install(Agent.CURSOR, cursor, COMMAND + "cursor");
        assertThat(read(cursor).at("/hooks/beforeShellExecution")).hasSize(1);
    }

    @Test
    void duplicateEntriesFromEarlierInstallsAreFoldedIntoOne() throws Exception {
        Path file = dir.resolve("hooks.json");
        String entry = "{\"type\": \"command\", \"command\": \"/old/bulwark hook codex\"}";
        Files.writeString(file, "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [" + entry + "]},"
                + " {\"matcher\": \"Bash\", \"hooks\": [" + entry + ", {\"type\": \"command\", \"command\": \"keep-me\"}]}]}}");
        installer.install(Agent.CODEX, file, COMMAND + "codex");
        String text = Files.readString(file);
        assertThat(text.split("hook codex", -1)).hasSize(2);
        assertThat(text).contains("keep-me").contains(COMMAND + "codex").doesNotContain("/old/bulwark");
    }

    @Test
    void refusesASettingsFileThatIsNotValidJsonAndWritesNothing() throws Exception {
        Path file = dir.resolve("settings.json");
        String broken = "{\"hooks\": {\"PreToolUse\": [}\n";
        Files.writeString(file, broken);
        assertThatThrownBy(() -> installer.install(Agent.CLAUDE_CODE, file, COMMAND + "claude-code"))
                .isInstanceOf(BulwarkException.class)
                .hasMessageContaining("is not valid JSON").hasMessageContaining("line 1").hasMessageContaining("Nothing was written")
                .satisfies(e -> assertThat(((BulwarkException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(Files.readString(file)).isEqualTo(broken);
        assertThat(Files.list(dir)).containsExactly(file);

        Files.writeString(file, "{\"hooks\": [\"not an object\"]}");
        assertThatThrownBy(() -> installer.install(Agent.CLAUDE_CODE, file, COMMAND + "claude-code"))
                .hasMessageContaining("\"hooks\" is not a JSON object");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> installer.install(Agent.CLAUDE_CODE, file, COMMAND + "claude-code"))
                .hasMessageContaining("does not hold a JSON object");
    }

    @Test
    void keepsTheFilesPermissions() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        installer.install(Agent.CLAUDE_CODE, file, COMMAND + "claude-code");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
