package dev.bulwark.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.hooks.judge.Decision;
import dev.bulwark.hooks.judge.Verdict;

/**
 * The PreToolUse hook of Claude Code and Codex CLI. Input: {@code tool_name} ("Bash"),
 * {@code tool_input.command}, {@code cwd}. Output: {@code hookSpecificOutput} with
 * {@code hookEventName: "PreToolUse"}, {@code permissionDecision} and {@code permissionDecisionReason}.
 * A pass prints nothing, so the agent's own permission settings still apply (Codex rejects an explicit
 * "allow"). Codex does not support "ask", so there a question becomes a denial.
 */
public final class PreToolUseProtocol implements AgentProtocol {
    private final boolean canAsk;

    PreToolUseProtocol(boolean canAsk) {
        this.canAsk = canAsk;
    }

    @Override
    public HookEvent read(JsonNode event) {
        String tool = AgentProtocol.text(event, "tool_name");
        String command = AgentProtocol.toolCommand(event);
        if (command != null) return new HookEvent(command, AgentProtocol.cwd(event));
        if (tool == null || tool.equals("Bash") || tool.equals("shell")) {
            throw new MalformedEventException("no tool_input.command string in the PreToolUse event");
        }
        return HookEvent.notAShellCommand();
    }

    @Override
    public HookReply answer(Verdict verdict) {
        if (verdict.decision() == Decision.ALLOW) return HookReply.silent();
        boolean ask = verdict.decision() == Decision.ASK && canAsk;
        return HookReply.json(decision(ask ? "ask" : "deny",
                ask ? AgentProtocol.askMessage(verdict) : AgentProtocol.blockedMessage(verdict)));
    }

    @Override
    public HookReply failed(String reason) {
        return HookReply.blocked("", AgentProtocol.failedMessage(reason));
    }

    private static String decision(String decision, String reason) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode specific = root.putObject("hookSpecificOutput");
        specific.put("hookEventName", "PreToolUse");
        specific.put("permissionDecision", decision);
        specific.put("permissionDecisionReason", reason);
        return AgentProtocol.write(root);
    }
}
