package dev.bulwark.hooks;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where and how each agent registers a hook: its project settings file, the event, the matcher that
 * selects shell commands, and the handler entry. Timeouts are each agent's own unit.
 */
record AgentSettings(Path defaultFile, String event, String matcher, ObjectNode handlerTemplate) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String DESCRIPTION = "Bulwark: stop destructive shell commands before they reach production";

    /** {@code matcher} null: the agent lists handlers directly under the event (Cursor). */
    boolean grouped() {
        return matcher != null;
    }

    static AgentSettings of(Agent agent) {
        return switch (agent) {
            case CLAUDE_CODE -> new AgentSettings(Path.of(".claude", "settings.json"), "PreToolUse", "Bash",
                    NODES.objectNode().put("type", "command").put("timeout", 30));
            case CODEX -> new AgentSettings(Path.of(".codex", "hooks.json"), "PreToolUse", "Bash",
                    NODES.objectNode().put("type", "command").put("timeout", 30).put("statusMessage", "Bulwark is checking the command"));
            case GEMINI -> new AgentSettings(Path.of(".gemini", "settings.json"), "BeforeTool", GeminiProtocol.SHELL_TOOL,
                    NODES.objectNode().put("name", "bulwark").put("type", "command").put("description", DESCRIPTION)
                            .put("timeout", 30000));
            case CURSOR -> new AgentSettings(Path.of(".cursor", "hooks.json"), "beforeShellExecution", null,
                    NODES.objectNode().put("failClosed", true));
        };
    }

    /** The handler entry for {@code command}, its keys in the agent's documented order. */
    ObjectNode handler(String command) {
        ObjectNode handler = NODES.objectNode();
        if (handlerTemplate.has("name")) handler.set("name", handlerTemplate.get("name"));
        if (handlerTemplate.has("type")) handler.set("type", handlerTemplate.get("type"));
        handler.put("command", command);
        handlerTemplate.fields().forEachRemaining(f -> {
            if (!handler.has(f.getKey())) handler.set(f.getKey(), f.getValue());
        });
        return handler;
    }
}
