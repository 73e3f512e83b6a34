package dev.bulwark.hooks.judge;

import java.util.List;
import java.util.stream.Collectors;

/** Shell builtins that change what later commands mean: cd, export, unset, source, eval. */
final class Builtins {
    private Builtins() {
    }

    /** Applies {@code program} when it is one of these builtins; false otherwise. */
    static boolean apply(String program, List<Arg> args, ShellState state, ScriptWalker walker, Input stdin) {
        switch (program) {
            case "cd", "pushd" -> {
                Arg target = args.stream().filter(a -> !a.text().startsWith("-") || a.text().equals("-")).findFirst().orElse(null);
                if (target != null && target.is("-")) state.forgetDirectory();
                else state.changeDirectory(target);
                return true;
            }
            case "popd" -> {
                state.forgetDirectory();
                return true;
            }
            case "export", "declare", "typeset", "local", "readonly" -> {
                for (Arg a : args) {
                    int eq = a.text().indexOf('=');
                    if (a.text().startsWith("-") || eq <= 0) continue;
                    state.assign(a.text().substring(0, eq), a.dynamic() ? null : a.text().substring(eq + 1));
                }
                return true;
            }
            case "unset" -> {
                args.forEach(a -> state.unset(a.text()));
                return true;
            }
            case "source", "." -> {
                String text = args.isEmpty() ? null : state.readFile(state.resolve(args.get(0)));
                if (text != null) walker.shellText(text, state, stdin);
                return true;
            }
            case "eval" -> {
                walker.shellText(args.stream().map(Arg::text).collect(Collectors.joining(" ")), state, stdin);
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
