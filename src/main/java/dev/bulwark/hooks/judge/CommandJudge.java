package dev.bulwark.hooks.judge;

import java.nio.file.Path;

import dev.bulwark.hooks.shell.Script;
import dev.bulwark.hooks.shell.ShellParser;
import dev.bulwark.hooks.shell.ShellSyntaxException;

/**
 * Judges a shell command line an agent is about to run: parses it as a shell would, follows every
 * command in it (through wrappers, subshells, substitutions, sh -c, ssh and scripts it runs), and
 * returns the most severe finding. Commands that destroy nothing pass.
 */
public final class CommandJudge {
    private final HookPolicy policy;

    public CommandJudge(HookPolicy policy) {
        this.policy = policy;
    }

    /** {@code cwd}: the directory the command runs in; relative paths resolve against it. */
    public Verdict judge(String commandLine, Path cwd) {
        Script script;
        try {
            script = ShellParser.parse(commandLine);
        } catch (ShellSyntaxException e) {
            return Unparseable.verdict(commandLine, e);
        }
        ScriptWalker walker = new ScriptWalker(policy);
        walker.script(script, ShellState.start(cwd, policy.environment()), Input.NONE);
        return Verdict.combine(walker.findings(), "nothing destructive found");
    }
}
