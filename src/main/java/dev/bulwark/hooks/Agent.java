package dev.bulwark.hooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.bulwark.BulwarkException;

/** The coding agents whose shell commands Bulwark checks, by the name used on the command line. */
public enum Agent {
    CLAUDE_CODE("claude-code", "Claude Code", new PreToolUseProtocol(true)),
    CODEX("codex", "Codex CLI", new PreToolUseProtocol(false)),
    GEMINI("gemini", "Gemini CLI", new GeminiProtocol()),
    CURSOR("cursor", "Cursor", new CursorProtocol());

    private final String id;
    private final String displayName;
    private final AgentProtocol protocol;

    Agent(String id, String displayName, AgentProtocol protocol) {
        this.id = id;
        this.displayName = displayName;
        this.protocol = protocol;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public AgentProtocol protocol() {
        return protocol;
    }

    public static Agent parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Agent a : values()) {
            if (a.id.equals(n)) return a;
        }
        return switch (n) {
            case "claude", "claudecode", "claude_code" -> CLAUDE_CODE;
            case "codex-cli", "openai-codex" -> CODEX;
            case "gemini-cli" -> GEMINI;
            default -> throw BulwarkException.usage("unknown agent '" + name + "'; use one of " + names());
        };
    }

    public static String names() {
        return Arrays.stream(values()).map(Agent::id).collect(Collectors.joining(", "));
    }
}
