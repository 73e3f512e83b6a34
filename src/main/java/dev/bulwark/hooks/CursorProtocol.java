package dev.bulwark.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.hooks.judge.Verdict;

/**
 * Cursor's beforeShellExecution hook. Input: {@code command} and {@code cwd} at the top level. Output:
 * {@code permission} ("allow", "deny" or "ask") with a message for the user and one for the agent.
 * Cursor's documentation has spelled those two {@code user_message}/{@code agent_message} and
 * {@code userMessage}/{@code agentMessage}; both spellings are written so that either version reads them.
 */
public final class CursorProtocol implements AgentProtocol {
    @Override
    public HookEvent read(JsonNode event) {
        String eventName = AgentProtocol.text(event, "hook_event_name");
        if (eventName != null && !eventName.equals("beforeShellExecution")) return HookEvent.notAShellCommand();
        String command = AgentProtocol.text(event, "command");
        if (command == null) throw new MalformedEventException("no command string in the beforeShellExecution event");
        return new HookEvent(command, AgentProtocol.cwd(event));
    }

    @Override
    public HookReply answer(Verdict verdict) {
        return switch (verdict.decision()) {
            case ALLOW -> HookReply.json(permission("allow", null));
            case ASK -> HookReply.json(permission("ask", AgentProtocol.askMessage(verdict)));
            case DENY -> HookReply.json(permission("deny", AgentProtocol.blockedMessage(verdict)));
        };
    }

    @Override
    public HookReply failed(String reason) {
        String message = AgentProtocol.failedMessage(reason);
        return HookReply.blocked(permission("deny", message), message);
    }

    private static String permission(String permission, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("permission", permission);
        if (message != null) {
            root.put("user_message", message);
            root.put("agent_message", message);
            root.put("userMessage", message);
            root.put("agentMessage", message);
        }
        return AgentProtocol.write(root);
    }
}
