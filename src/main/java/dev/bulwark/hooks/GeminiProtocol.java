package dev.bulwark.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.hooks.judge.Decision;
import dev.bulwark.hooks.judge.Verdict;

/**
 * Gemini CLI's BeforeTool hook. Input: {@code tool_name} ("run_shell_command"), {@code tool_input.command},
 * {@code cwd}. Output: JSON only on stdout: {@code {}} to pass, or {@code decision: "deny"} with
 * {@code reason} (sent to the model) and {@code systemMessage} (shown to the user). Questions become
 * denials: Bulwark does not rely on "ask" here.
 */
public final class GeminiProtocol implements AgentProtocol {
    static final String SHELL_TOOL = "run_shell_command";

    @Override
    public HookEvent read(JsonNode event) {
        String tool = AgentProtocol.text(event, "tool_name");
        String command = AgentProtocol.toolCommand(event);
        if (tool != null && !tool.equals(SHELL_TOOL)) return HookEvent.notAShellCommand();
        if (command == null) throw new MalformedEventException("no tool_input.command string in the BeforeTool event");
        return new HookEvent(command, AgentProtocol.cwd(event));
    }

    @Override
    public HookReply answer(Verdict verdict) {
        ObjectNode root = JSON.createObjectNode();
        if (verdict.decision() != Decision.ALLOW) {
            String message = AgentProtocol.blockedMessage(verdict);
            root.put("decision", "deny");
            root.put("reason", message);
            root.put("systemMessage", message);
        }
        return HookReply.json(AgentProtocol.write(root));
    }

    @Override
    public HookReply failed(String reason) {
        return HookReply.blocked("", AgentProtocol.failedMessage(reason));
    }
}
