package dev.bulwark.hooks;

import dev.bulwark.ExitCode;

/**
 * The answer in the agent's format: what goes to stdout (protocol only), what goes to stderr, and the
 * exit status. Status 2 is what every supported agent reads as "blocked, and stderr says why"; it is
 * used when the event itself cannot be read, which is also what {@link ExitCode#USAGE} means.
 */
public record HookReply(String stdout, String stderr, ExitCode exit) {
    public static HookReply json(String json) {
        return new HookReply(json, "", ExitCode.OK);
    }

    public static HookReply silent() {
        return new HookReply("", "", ExitCode.OK);
    }

    public static HookReply blocked(String stdout, String reason) {
        return new HookReply(stdout, reason, ExitCode.USAGE);
    }

    public HookReply withNote(String note) {
        return new HookReply(stdout, stderr.isEmpty() ? note : stderr + "\n" + note, exit);
    }
}
