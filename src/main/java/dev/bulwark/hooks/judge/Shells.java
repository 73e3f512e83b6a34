package dev.bulwark.hooks.judge;

import java.util.List;

/** {@code sh -c '...'}, {@code bash script.sh}, {@code ... | bash}: the shell's script is judged too. */
final class Shells {
    private Shells() {
    }

    /**
     * A child shell whose {@code $0}, {@code $1}... are {@code values}, counted from {@code first}:
     * {@code sh -c 'rm -rf "$1"' sh /var/lib/bulwark} removes the repository.
     */
    static ShellState withPositionals(ShellState state, List<Arg> values, int first) {
        ShellState child = state.child();
        for (int n = 0; n < 10; n++) child.unset(String.valueOf(n));
        for (int k = 0; k < values.size() && first + k < 10; k++) {
            child.assign(String.valueOf(first + k), values.get(k).known());
        }
        return child;
    }

    static Wrappers.Unwrapped unwrap(List<Arg> args, Input stdin, ShellState state) {
        boolean command = false;
        boolean fromStdin = false;
        int i = 0;
        for (; i < args.size(); i++) {
            Arg a = args.get(i);
            String t = a.text();
            if (a.dynamic()) break;
            if (t.equals("--") || t.equals("-")) {
                i++;
                break;
            }
            if (t.startsWith("--")) {
                if (t.equals("--rcfile") || t.equals("--init-file")) i++;
                continue;
            }
            if ((t.startsWith("-") || t.startsWith("+")) && t.length() > 1) {
                for (char c : t.substring(1).toCharArray()) {
                    if (c == 'c') command = true;
                    else if (c == 's') fromStdin = true;
                    else if (c == 'o' || c == 'O') i++;
                }
                continue;
            }
            break;
        }
        List<Arg> operands = args.subList(Math.min(i, args.size()), args.size());
        if (command) {
            if (operands.isEmpty()) return new Wrappers.NotAWrapper();
            return new Wrappers.Shell(operands.get(0).text(), withPositionals(state, operands.subList(1, operands.size()), 0), stdin);
        }
        if (fromStdin || operands.isEmpty()) {
            return switch (stdin) {
                case Input.Text t -> new Wrappers.Shell(t.text(), withPositionals(state, operands, 1), Input.NONE);
                case Input.Opaque o when o.decoded() -> new Wrappers.Hidden(o.origin());
                default -> new Wrappers.NotAWrapper();
            };
        }
        return new Wrappers.ScriptFile(operands.get(0), withPositionals(state, operands, 0));
    }
}
