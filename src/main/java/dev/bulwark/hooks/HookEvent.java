package dev.bulwark.hooks;

import java.nio.file.Path;

/**
 * What an agent's hook event says: the shell command about to run (null when the event is about
 * another tool, which is not Bulwark's to judge) and the directory it runs in (null when not given).
 */
public record HookEvent(String command, Path cwd) {
    public static HookEvent notAShellCommand() {
        return new HookEvent(null, null);
    }

    public boolean isShellCommand() {
        return command != null;
    }
}
