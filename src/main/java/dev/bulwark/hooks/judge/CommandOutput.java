package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.bulwark.hooks.shell.Redirect;
import dev.bulwark.hooks.shell.Script.Group;
import dev.bulwark.hooks.shell.Script.Node;
import dev.bulwark.hooks.shell.Script.Pipeline;
import dev.bulwark.hooks.shell.Script.SimpleCommand;

/**
 * What a command writes to its standard output, as far as it can be known in advance: the text of
 * {@code echo}, {@code printf} and {@code cat}, or an opaque stream (a dump, which with --clean is
 * known to hold DROP statements). This is what a pipe feeds to psql or to a shell.
 */
final class CommandOutput {
    private CommandOutput() {
    }

    static Input of(Node node, ShellState state, Input stdin) {
        return switch (node) {
            case SimpleCommand c -> {
                if (c.redirects().stream().anyMatch(Redirect::divertsOutput)) yield Input.NONE;
                List<Arg> args = Expander.all(c.words(), state);
                while (!args.isEmpty() && !args.get(0).dynamic() && args.get(0).text().matches("[A-Za-z_][A-Za-z0-9_]*\\+?=.*")) {
                    args = args.subList(1, args.size());
                }
                yield args.isEmpty() ? Input.NONE : of(args, ScriptWalker.redirectedInput(c.redirects(), state, stdin), state);
            }
            case Pipeline p -> {
                Input in = stdin;
                for (Node stage : p.stages()) in = of(stage, state, in);
                yield in;
            }
            case Group g -> {
                Input in = ScriptWalker.redirectedInput(g.redirects(), state, stdin);
                List<Input> parts = new ArrayList<>();
                for (Node n : g.body().nodes()) parts.add(of(n, state, in));
                yield concatenate(parts);
            }
        };
    }

    static Input of(List<Arg> args, Input stdin, ShellState state) {
        String program = ScriptWalker.programName(args.get(0));
        List<Arg> rest = args.subList(1, args.size());
        return switch (program) {
            case "echo" -> echo(rest);
            case "printf" -> printf(rest);
            case "cat", "tee" -> cat(program, rest, stdin, state);
            case "pg_dump", "pg_dumpall" -> new Input.Opaque(program + " output", PgConnections.DUMP_RESTORE.parse(rest).has("c"));
            case "pg_restore" -> {
                Options.Parsed o = PgConnections.DUMP_RESTORE.parse(rest);
                yield o.has("d") ? Input.NONE : new Input.Opaque("pg_restore output", o.has("c"));
            }
            case "base64", "base32", "basenc", "xxd", "uudecode", "openssl", "gpg", "rev" ->
                    new Input.Opaque(program + " output", false, true);
            default -> {
                if (Wrappers.unwrap(program, rest, stdin, state) instanceof Wrappers.Run run && !run.commands().isEmpty()) {
                    yield of(run.commands().get(0), run.stdin(), run.state());
                }
                yield new Input.Opaque(program + " output", false);
            }
        };
    }

    private static Input concatenate(List<Input> parts) {
        StringBuilder text = new StringBuilder();
        boolean opaque = false;
        boolean drops = false;
        List<String> origins = new ArrayList<>();
        for (Input part : parts) {
            switch (part) {
                case Input.Text t -> text.append(t.text());
                case Input.Opaque o -> {
                    opaque = true;
                    drops |= o.drops();
                    origins.add(o.origin());
                }
                case Input.None n -> {
                }
            }
        }
        if (opaque) return new Input.Opaque(String.join(", ", origins), drops);
        return new Input.Text(text.toString());
    }

    private static Input echo(List<Arg> args) {
        int i = 0;
        boolean newline = true;
        boolean escapes = false;
        while (i < args.size() && args.get(i).text().matches("-[neE]+")) {
            String flags = args.get(i).text();
            if (flags.contains("n")) newline = false;
            if (flags.contains("e")) escapes = true;
            i++;
        }
        String text = args.subList(i, args.size()).stream().map(Arg::text).collect(Collectors.joining(" "));
        return new Input.Text((escapes ? unescape(text) : text) + (newline ? "\n" : ""));
    }

    /** printf: the format with each conversion replaced by the next argument, escapes interpreted. */
    private static Input printf(List<Arg> args) {
        if (args.isEmpty()) return new Input.Text("");
        String format = unescape(args.get(0).text());
        List<Arg> values = args.subList(1, args.size());
        StringBuilder out = new StringBuilder();
        int next = 0;
        do {
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%' || i + 1 >= format.length()) {
                    out.append(c);
                    continue;
                }
                int end = i + 1;
                while (end < format.length() && "-+ #0123456789.".indexOf(format.charAt(end)) >= 0) end++;
                if (end < format.length() && format.charAt(end) == '%') {
                    out.append('%');
                } else {
                    out.append(next < values.size() ? values.get(next++).text() : "");
                }
                i = end;
            }
        } while (next > 0 && next < values.size());
        return new Input.Text(out.toString());
    }

    private static Input cat(String program, List<Arg> args, Input stdin, ShellState state) {
        List<Arg> files = args.stream().filter(a -> !a.text().startsWith("-") || a.text().equals("-")).toList();
        if (program.equals("tee") || files.isEmpty()) return stdin;
        List<Input> parts = new ArrayList<>();
        for (Arg f : files) {
            if (f.is("-")) {
                parts.add(stdin);
                continue;
            }
            String text = state.readFile(state.resolve(f));
            parts.add(text != null ? new Input.Text(text) : new Input.Opaque("file " + f.text(), false));
        }
        return concatenate(parts);
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r").replace("\\0", "\u0000")
                .replace("\\\\", "\\");
    }
}
