package dev.bulwark.hooks.judge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulwark.hooks.shell.Redirect;
import dev.bulwark.hooks.shell.Script;
import dev.bulwark.hooks.shell.Script.Group;
import dev.bulwark.hooks.shell.Script.GroupKind;
import dev.bulwark.hooks.shell.Script.Node;
import dev.bulwark.hooks.shell.Script.Pipeline;
import dev.bulwark.hooks.shell.Script.SimpleCommand;
import dev.bulwark.hooks.shell.ShellParser;
import dev.bulwark.hooks.shell.ShellSyntaxException;
import dev.bulwark.hooks.shell.Word;
import dev.bulwark.hooks.shell.Word.Part;

/**
 * Walks a parsed command line in the order the shell would run it, keeping the shell's state
 * ({@code cd}, variables, files written), feeding each pipeline stage what the one before writes,
 * peeling off wrappers, and asking the rule for each program. Every command counts, whichever way
 * {@code &&} or {@code ||} would go.
 */
final class ScriptWalker {
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\+?=(.*)", Pattern.DOTALL);
    /** Shells within shells (sh -c, eval, ssh, scripts); and wrappers within wrappers (sudo nice timeout ...). */
    private static final int MAX_SHELLS = 16;
    private static final int MAX_WRAPPERS = 64;

    private final HookPolicy policy;
    private final List<Verdict> findings = new ArrayList<>();
    private int shells;
    private int wrappers;

    ScriptWalker(HookPolicy policy) {
        this.policy = policy;
    }

    List<Verdict> findings() {
        return findings;
    }

    void add(Verdict verdict) {
        if (!verdict.allowed()) findings.add(verdict);
    }

    /** Parses and walks shell text that runs somewhere on the line ({@code sh -c}, {@code eval}, ssh). */
    void shellText(String text, ShellState state, Input stdin) {
        if (++shells > MAX_SHELLS) {
            shells--;
            add(Verdict.deny("shells are nested too deeply for Bulwark to check"));
            return;
        }
        try {
            script(ShellParser.parse(text), state, stdin);
        } catch (ShellSyntaxException e) {
            add(Unparseable.verdict(text, e));
        } finally {
            shells--;
        }
    }

    void script(Script script, ShellState state, Input stdin) {
        for (Node node : script.nodes()) node(node, state, stdin);
    }

    private void node(Node node, ShellState state, Input stdin) {
        switch (node) {
            case SimpleCommand c -> simple(c, state, stdin);
            case Pipeline p -> {
                Input in = stdin;
                for (Node stage : p.stages()) {
                    // each stage runs in its own subshell: a cd there does not move the rest of the line
                    ShellState stageState = state.child();
                    node(stage, stageState, in);
                    in = CommandOutput.of(stage, stageState, in);
                }
            }
            case Group g -> {
                substitutions(g.redirects(), state);
                Input in = redirectedInput(g.redirects(), state, stdin);
                script(g.body(), g.kind() == GroupKind.SUBSHELL ? state.child() : state, in);
                guardWrites(g.redirects(), state, CommandOutput.of(g, state, in));
            }
        }
    }

    private void simple(SimpleCommand c, ShellState state, Input stdin) {
        for (Word w : c.words()) substitutions(w, state);
        substitutions(c.redirects(), state);
        Map<String, String> assigned = new LinkedHashMap<>();
        int first = 0;
        while (first < c.words().size()) {
            Matcher m = assignment(c.words().get(first));
            if (m == null) break;
            Arg value = assignedValue(c.words().get(first), m, state);
            assigned.put(m.group(1), value.known());
            first++;
        }
        Input in = redirectedInput(c.redirects(), state, stdin);
        List<Arg> args = Expander.all(c.words().subList(first, c.words().size()), state);
        if (args.isEmpty()) {
            assigned.forEach(state::assign);
            guardWrites(c.redirects(), state, Input.NONE);
            return;
        }
        invoke(args, assigned, in, state);
        guardWrites(c.redirects(), state, CommandOutput.of(args, in, state));
    }

    /** A program and its arguments, after the shell's own work (expansions, assignments, redirections). */
    void invoke(List<Arg> args, Map<String, String> env, Input stdin, ShellState state) {
        if (args.isEmpty()) return;
        if (++wrappers > MAX_WRAPPERS) {
            wrappers--;
            add(Verdict.deny("wrappers are nested too deeply for Bulwark to check"));
            return;
        }
        try {
            String program = programName(args.get(0));
            List<Arg> rest = args.subList(1, args.size());
            if (Builtins.apply(program, rest, state, this, stdin)) return;
            switch (Wrappers.unwrap(program, rest, stdin, state)) {
                case Wrappers.Run run -> {
                    Map<String, String> merged = new LinkedHashMap<>(env);
                    merged.putAll(run.env());
                    for (List<Arg> command : run.commands()) invoke(command, merged, run.stdin(), run.state());
                }
                case Wrappers.Shell shell -> shellText(shell.text(), shell.state(), shell.stdin());
                case Wrappers.Hidden hidden -> add(Verdict.deny("a shell would run a script decoded from " + hidden.origin()
                        + ", which Bulwark cannot review; decode it first and run what it says"));
                case Wrappers.ScriptFile file -> {
                    String text = file.state().readFile(file.state().resolve(file.path()));
                    if (text != null) shellText(text, file.state().child(), stdin);
                }
                case Wrappers.NotAWrapper none -> {
                    CommandRule rule = Rules.forProgram(program);
                    if (rule != null) add(rule.judge(new Invocation(program, List.copyOf(rest), stdin, state, env, policy, this)));
                    else runsShellScript(args.get(0), state, stdin);
                }
            }
        } finally {
            wrappers--;
        }
    }

    /** {@code ./deploy.sh}: a script with a shell's #! line (or none, named *.sh) is judged like {@code sh deploy.sh}. */
    private void runsShellScript(Arg program, ShellState state, Input stdin) {
        if (!program.text().contains("/")) return;
        String text = state.readFile(state.resolve(program));
        if (text == null) return;
        String firstLine = text.lines().findFirst().orElse("");
        boolean shell = firstLine.startsWith("#!") ? Wrappers.SHELLS.contains(interpreter(firstLine)) : program.text().endsWith(".sh");
        if (shell) shellText(text, state.child(), stdin);
    }

    /** {@code #!/bin/bash -e} and {@code #!/usr/bin/env bash} both name bash. */
    private static String interpreter(String shebang) {
        String[] words = shebang.substring(2).strip().split("\\s+");
        String first = programName(Arg.of(words[0]));
        return first.equals("env") && words.length > 1 ? words[1] : first;
    }

    void invokeNested(List<Arg> command, Input stdin, ShellState state) {
        invoke(command, Map.of(), stdin, state);
    }

    static String programName(Arg first) {
        String text = first.text();
        int slash = text.lastIndexOf('/');
        return slash >= 0 ? text.substring(slash + 1) : text;
    }

    private static Matcher assignment(Word word) {
        if (word.parts().isEmpty() || !(word.parts().get(0) instanceof Part.Literal l) || l.quoted()) return null;
        Matcher m = ASSIGNMENT.matcher(l.text());
        return m.matches() ? m : null;
    }

    private static Arg assignedValue(Word word, Matcher m, ShellState state) {
        List<Part> parts = new ArrayList<>(word.parts());
        parts.set(0, new Part.Literal(m.group(2), false));
        return Expander.single(new Word(parts), state);
    }

    /**
     * Commands inside {@code $( )}, backticks and process substitutions run first, in a subshell; what a
     * process substitution writes is remembered as the file its word names.
     */
    private void substitutions(Word word, ShellState state) {
        for (Part part : word.parts()) {
            if (!(part instanceof Part.Substitution s)) continue;
            script(s.script(), state.child(), Input.NONE);
            if (s.process() && CommandOutput.of(new Group(s.script(), GroupKind.SUBSHELL, List.of()), state.child(), Input.NONE)
                    instanceof Input.Text t) {
                state.recordWrite(Path.of(Expander.processSubstitutionPath(s.script())), t.text(), false);
            }
        }
    }

    private void substitutions(List<Redirect> redirects, ShellState state) {
        for (Redirect r : redirects) {
            substitutions(r.target(), state);
            if (r.hereDocument() != null) substitutions(r.hereDocument().body(), state);
        }
    }

    static Input redirectedInput(List<Redirect> redirects, ShellState state, Input stdin) {
        Input in = stdin;
        for (Redirect r : redirects) {
            if (!r.readsInput()) continue;
            in = switch (r.op()) {
                case "<<", "<<-" -> new Input.Text(Expander.single(r.hereDocument().body(), state).text());
                case "<<<" -> new Input.Text(Expander.single(r.target(), state).text() + "\n");
                default -> {
                    Arg file = Expander.single(r.target(), state);
                    String text = state.readFile(state.resolve(file));
                    yield text != null ? new Input.Text(text) : new Input.Opaque("file " + file.text(), false);
                }
            };
        }
        return in;
    }

    /** {@code > file}: overwriting a protected file is refused; what is written is remembered for later reads. */
    private void guardWrites(List<Redirect> redirects, ShellState state, Input output) {
        for (Redirect r : redirects) {
            if (!r.writesFile()) continue;
            Arg target = Expander.single(r.target(), state);
            Path path = state.resolve(target);
            if (path == null) continue;
            String hit = PathGuard.of(policy).holding(path);
            if (hit != null && r.truncates()) add(Verdict.deny("the redirection > " + target.text() + " overwrites " + hit));
            if (output instanceof Input.Text t && r.divertsOutput()) state.recordWrite(path, t.text(), !r.truncates());
        }
    }
}
