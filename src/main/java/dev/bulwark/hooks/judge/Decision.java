package dev.bulwark.hooks.judge;

/** What the hook tells the agent, least severe first. */
public enum Decision {
    /** Nothing destructive found: the command runs as the agent's own settings allow. */
    ALLOW,
    /** A person should look first; agents that cannot ask (Codex CLI, Gemini CLI) get a denial instead. */
    ASK,
    /** Never run by an agent. */
    DENY
}
