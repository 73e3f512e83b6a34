package dev.bulwark.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.hooks.judge.Decision;

/**
 * Hook events shaped as each agent sends them (field names from each agent's hook documentation), and
 * the reading of each agent's answer: "allow", "ask" or "deny", after checking the answer is well formed.
 */
public final class AgentEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Codex rejects unknown fields, which would make it run the command. */
    private static final Set<String> CODEX_FIELDS = Set.of("hookEventName", "permissionDecision", "permissionDecisionReason");

    private AgentEvents() {
    }

    public static String event(Agent agent, String command, Path cwd) {
        ObjectNode e = JSON.createObjectNode();
        switch (agent) {
            case CLAUDE_CODE -> {
                e.put("session_id", "abc123").put("transcript_path", "/home/dev/.claude/projects/p/abc123.jsonl")
                        .put("cwd", cwd.toString()).put("permission_mode", "default").put("hook_event_name", "PreToolUse")
                        .put("tool_name", "Bash").put("tool_use_id", "toolu_01ABC");
                e.putObject("tool_input").put("command", command).put("description", "Run a command");
            }
            case CODEX -> {
                e.put("session_id", "019a-codex").put("turn_id", "turn-1").putNull("transcript_path").put("cwd", cwd.toString())
                        .put("hook_event_name", "PreToolUse").put("model", "gpt-5-codex").put("permission_mode", "default")
                        .put("tool_name", "Bash").put("tool_use_id", "call_1");
                e.putObject("tool_input").put("command", command);
            }
            case GEMINI -> {
                e.put("session_id", "gem-1").put("transcript_path", "/home/dev/.gemini/tmp/chat.json").put("cwd", cwd.toString())
                        .put("hook_event_name", "BeforeTool").put("timestamp", "2025-12-01T10:30:00Z")
                        .put("tool_name", "run_shell_command");
                e.putObject("tool_input").put("command", command).put("description", "Run a command");
            }
            case CURSOR -> {
                e.put("conversation_id", "conv-1").put("generation_id", "gen-1").put("hook_event_name", "beforeShellExecution")
                        .put("cursor_version", "1.7.0").put("command", command).put("cwd", cwd.toString());
                e.putArray("workspace_roots").add(cwd.toString());
            }
        }
        return e.toString();
    }

    /** What the agent will do with this answer, after checking it follows the agent's contract. */
    public static String answer(Agent agent, String stdout, String stderr, int exit) {
        if (exit == 2) {
            assertThat(stderr).as("a blocking exit explains itself on stderr").isNotBlank();
            return "deny";
        }
        assertThat(exit).as("exit status").isZero();
        JsonNode out = parse(stdout);
        return switch (agent) {
            case CLAUDE_CODE, CODEX -> {
                if (out == null) yield "allow";
                JsonNode specific = out.get("hookSpecificOutput");
                assertThat(specific.get("hookEventName").asText()).isEqualTo("PreToolUse");
                assertThat(specific.get("permissionDecisionReason").asText()).startsWith("Bulwark");
                String decision = specific.get("permissionDecision").asText();
                if (agent == Agent.CODEX) {
                    assertThat(decision).as("Codex only blocks on deny").isEqualTo("deny");
                    for (Iterator<String> it = specific.fieldNames(); it.hasNext(); ) assertThat(CODEX_FIELDS).contains(it.next());
                    assertThat(out.size()).isEqualTo(1);
                }
                yield decision;
            }
            case GEMINI -> {
                assertThat(out).as("Gemini CLI wants JSON on stdout, always").isNotNull();
                if (!out.has("decision")) yield "allow";
                assertThat(out.get("reason").asText()).startsWith("Bulwark");
                yield out.get("decision").asText();
            }
            case CURSOR -> {
                assertThat(out).as("Cursor wants a permission").isNotNull();
                String permission = out.get("permission").asText();
                if (!permission.equals("allow")) {
                    assertThat(out.get("agent_message").asText()).startsWith("Bulwark");
                    assertThat(out.get("userMessage").asText()).startsWith("Bulwark");
                }
                yield permission;
            }
        };
    }

    /** What the agent should do for a decision: agents that cannot ask deny instead. */
    public static String expected(Agent agent, Decision decision) {
        return switch (decision) {
            case ALLOW -> "allow";
            case DENY -> "deny";
            case ASK -> agent == Agent.CLAUDE_CODE || agent == Agent.CURSOR ? "ask" : "deny";
        };
    }

    private static JsonNode parse(String stdout) {
        if (stdout.isBlank()) return null;
        try {
            return JSON.readTree(stdout);
        } catch (Exception e) {
            throw new AssertionError("stdout is not JSON: " + stdout, e);
        }
    }
}
