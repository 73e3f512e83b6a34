package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * xargs runs its command with arguments read from its input. When the input is known (an echo, a
 * file), the command is judged with those arguments; otherwise with an unknowable one.
 */
final class Xargs {
    private static final Options OPTIONS = Options.posix().value("a", "arg-file").value("d", "delimiter").value("E", "eof")
            .value("I", "replace").value("L", "max-lines").value("n", "max-args").value("P", "max-procs").value("s", "max-chars")
            .value("process-slot-var");
    private static final int MAX_RUNS = 32;
    private static final Options PARALLEL = Options.posix().value("j", "jobs").value("N", "max-args").value("S", "sshlogin")
            .value("a", "arg-file").value("d", "delimiter").value("I").value("joblog").value("results").value("timeout")
            .value("delay").value("retries").value("tagstring").value("workdir");

    private Xargs() {
    }

    static Wrappers.Unwrapped unwrap(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed o = OPTIONS.parse(args);
        List<Arg> command = o.operands().isEmpty() ? List.of(Arg.of("echo")) : o.operands();
        List<String> items = items(o, stdin, state);
        String token = o.value("I") != null ? o.value("I").text() : o.has("i") ? "{}" : null;
        List<List<Arg>> runs = new ArrayList<>();
        if (token != null) {
            if (items == null) {
                runs.add(replaced(command, token, null));
            } else {
                items.stream().limit(MAX_RUNS).forEach(item -> runs.add(replaced(command, token, item)));
            }
        } else {
            List<Arg> full = new ArrayList<>(command);
            if (items == null) full.add(new Arg("{input of xargs}", true, false));
            else items.forEach(item -> full.add(Arg.of(item)));
            runs.add(full);
        }
        return new Wrappers.Run(runs, Map.of(), state, Input.NONE);
    }

    /**
     * GNU parallel: the command, then its arguments after {@code :::} (each run once, replacing {@code {}}
     * or appended); with no {@code :::}, each input line is a command line of its own.
     */
    static Wrappers.Unwrapped parallel(List<Arg> args, Input stdin, ShellState state) {
        int separator = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).is(":::") || args.get(i).is("::::")) {
                separator = i;
                break;
            }
        }
        List<Arg> head = separator < 0 ? args : args.subList(0, separator);
        List<Arg> command = PARALLEL.parse(head).operands();
        if (command.isEmpty()) {
            return stdin instanceof Input.Text t ? new Wrappers.Shell(t.text(), state.child(), Input.NONE) : new Wrappers.NotAWrapper();
        }
        List<String> items = separator < 0 ? items(OPTIONS.parse(List.of()), stdin, state)
                : args.subList(separator + 1, args.size()).stream().map(Arg::text).toList();
        List<List<Arg>> runs = new ArrayList<>();
        if (items == null) {
            runs.add(replaced(command, "{}", null));
        } else {
            for (String item : items.subList(0, Math.min(items.size(), MAX_RUNS))) {
                boolean placeholder = command.stream().anyMatch(a -> a.text().contains("{}"));
                List<Arg> run = placeholder ? replaced(command, "{}", item) : new ArrayList<>(command);
                if (!placeholder) run.add(Arg.of(item));
                runs.add(run);
            }
        }
        return new Wrappers.Run(runs, Map.of(), state, Input.NONE);
    }

    /** The input's items, or null when the input cannot be known. */
    private static List<String> items(Options.Parsed o, Input stdin, ShellState state) {
        String text;
        if (o.value("a") != null) {
            text = state.readFile(state.resolve(o.value("a")));
        } else {
            text = stdin instanceof Input.Text t ? t.text() : null;
        }
        if (text == null) return null;
        String separator = o.has("0") || o.has("null") ? "\u0000"
                : o.value("d") != null ? Pattern.quote(o.value("d").text().replace("\\n", "\n")) : "\\s+";
        if (o.value("I") != null || o.has("i")) separator = o.has("0") || o.has("null") ? "\u0000" : "\n";
        return Arrays.stream(text.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Arg> replaced(List<Arg> command, String token, String item) {
        List<Arg> out = new ArrayList<>();
        for (Arg a : command) {
            if (!a.text().contains(token)) {
                out.add(a);
            } else if (item == null) {
                out.add(new Arg(a.text(), true, a.glob()));
            } else {
                out.add(new Arg(a.text().replace(token, item), a.dynamic(), a.glob()));
            }
        }
        return out;
    }
}
