package dev.bulwark.hooks.judge;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One program about to run, wrappers already peeled off: its arguments, its input, the shell's state
 * at that point, variables set just for it ({@code PGHOST=x psql}; a null value is unknowable), and
 * the walker, for commands it runs in turn ({@code find -exec}, psql's {@code \!}).
 */
record Invocation(String program, List<Arg> args, Input stdin, ShellState state, Map<String, String> commandEnv,
                  HookPolicy policy, ScriptWalker walker) {

    /** A variable as the program sees it: set for this command, else known to the shell. */
    String env(String name) {
        if (commandEnv.containsKey(name)) return commandEnv.get(name);
        return state.variable(name);
    }

    /** Whether the variable is set to something that cannot be known before the command runs. */
    boolean isUnknown(String name) {
        if (commandEnv.containsKey(name)) return commandEnv.get(name) == null;
        return state.isUnknown(name);
    }

    Path resolve(Arg path) {
        return state.resolve(path);
    }

    /** The file's text (written earlier on the line, or on disk), or null when it cannot be read. */
    String read(Arg path) {
        return state.readFile(state.resolve(path));
    }

    /** Whether the program runs on another machine or in a container, for messages. */
    String onHost() {
        return state.remoteHost() == null ? "" : " on " + state.remoteHost();
    }

    /** Judges a command this program runs in turn, as if it were on the command line. */
    void alsoRuns(List<Arg> command) {
        walker.invokeNested(command, stdin, state);
    }

    /** Judges shell text this program hands to a shell. */
    void alsoRunsShell(String text) {
        walker.shellText(text, state.child(), Input.NONE);
    }
}
