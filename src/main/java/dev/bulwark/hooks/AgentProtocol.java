package dev.bulwark.hooks;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bulwark.hooks.judge.Verdict;

/** How one agent hands a shell command to its hook and reads the answer. */
public sealed interface AgentProtocol permits PreToolUseProtocol, GeminiProtocol, CursorProtocol {
    ObjectMapper JSON = new ObjectMapper();

    /** The event's shell command and directory; {@link HookEvent#notAShellCommand()} for other tools. */
    HookEvent read(JsonNode event);

    HookReply answer(Verdict verdict);

    /**
     * No decision could be made (the event could not be read, the check failed): block, since what would
     * run is unknown. {@code reason} completes "Bulwark blocked this command: ".
     */
    HookReply failed(String reason);

    static String blockedMessage(Verdict verdict) {
        return "Bulwark blocked this command: " + verdict.reason() + ".";
    }

    static String askMessage(Verdict verdict) {
        return "Bulwark asks a person to confirm this command: " + verdict.reason() + ".";
    }

    static String failedMessage(String reason) {
        return "Bulwark blocked this command: " + reason + ".";
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    static Path cwd(JsonNode event) {
        String cwd = text(event, "cwd");
        try {
            return cwd == null || cwd.isBlank() ? null : Path.of(cwd);
        } catch (RuntimeException e) {
            throw new MalformedEventException("cwd is not a path: " + cwd);
        }
    }

    /** {@code tool_input.command} of a tool event. */
    static String toolCommand(JsonNode event) {
        JsonNode input = event.get("tool_input");
        return input != null && input.isObject() ? text(input, "command") : null;
    }

    static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
