package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Programs that run another command: sudo, env, nice, timeout, xargs, sh -c, ssh, docker exec,
 * kubectl exec and the like. Peeling them off finds the command that really runs, with the user,
 * variables, input and machine it runs with.
 */
final class Wrappers {
    /** The wrapped command(s); xargs -I may run one per input line. */
    record Run(List<List<Arg>> commands, Map<String, String> env, ShellState state, Input stdin) implements Unwrapped {
    }

    /** Shell text the wrapper hands to a shell: {@code sh -c}, {@code su -c}, ssh's remote command. */
    record Shell(String text, ShellState state, Input stdin) implements Unwrapped {
    }

    /** {@code bash deploy.sh}: the script's text is judged when it can be read. */
    record ScriptFile(Arg path, ShellState state) implements Unwrapped {
    }

    /** A shell reading a script that was decoded on the way in: hidden from review, so refused. */
    record Hidden(String origin) implements Unwrapped {
    }

    record NotAWrapper() implements Unwrapped {
    }

    sealed interface Unwrapped permits Run, Shell, ScriptFile, Hidden, NotAWrapper {
    }

    private static final Unwrapped NONE = new NotAWrapper();

    /** Wrappers that take options, then (after {@code skip} operands of their own) the command. */
    private record Prefix(Options options, int skip) {
    }

    private static final Map<String, Prefix> PREFIXES = new HashMap<>();

    static {
        prefix("nice", 0, Options.posix().value("n", "adjustment"));
        prefix("nohup", 0, Options.posix());
        prefix("time", 0, Options.posix().value("o", "output").value("f", "format"));
        prefix("timeout", 1, Options.posix().value("s", "signal").value("k", "kill-after"));
        prefix("stdbuf", 0, Options.posix().value("i", "input").value("o", "output").value("e", "error"));
        prefix("ionice", 0, Options.posix().value("c", "class").value("n", "classdata").value("p", "pid").value("P", "pgid")
                .value("u", "uid"));
        prefix("chrt", 1, Options.posix().value("T", "sched-runtime").value("P", "sched-period").value("D", "sched-deadline"));
        prefix("taskset", 1, Options.posix());
        prefix("setsid", 0, Options.posix());
        prefix("unbuffer", 0, Options.posix());
        prefix("caffeinate", 0, Options.posix().value("t").value("w"));
        prefix("exec", 0, Options.posix().value("a"));
        prefix("builtin", 0, Options.posix());
        prefix("nsenter", 0, Options.posix().value("t", "target").value("S", "setuid").value("G", "setgid")
                .value("wd").value("wdns"));
        prefix("systemd-run", 0, Options.posix().value("u", "unit").value("p", "property").value("E", "setenv")
                .value("M", "machine").value("working-directory").value("uid").value("gid").value("nice").value("slice")
                .value("description"));
        prefix("strace", 0, Options.posix().value("o").value("e").value("p").value("s").value("u").value("a").value("b")
                .value("E").value("I").value("P").value("S").value("X"));
        prefix("ltrace", 0, Options.posix().value("o").value("e").value("p").value("s").value("u").value("a").value("n")
                .value("A").value("D").value("F").value("L"));
        prefix("valgrind", 0, Options.posix());
        prefix("firejail", 0, Options.posix());
        prefix("catchsegv", 0, Options.posix());
        prefix("doas", 0, Options.posix().value("u").value("C"));
    }

    private static void prefix(String name, int skip, Options options) {
        PREFIXES.put(name, new Prefix(options, skip));
    }

    /** Tools that run a command given after {@code --} or as their first operand that is a known program. */
    private static final Map<String, Set<String>> RUNNERS = Map.ofEntries(
            Map.entry("op", Set.of("run")), Map.entry("aws-vault", Set.of("exec")), Map.entry("doppler", Set.of("run")),
            Map.entry("dotenv", Set.of()), Map.entry("direnv", Set.of("exec")), Map.entry("uv", Set.of("run")),
            Map.entry("poetry", Set.of("run")), Map.entry("pipenv", Set.of("run")), Map.entry("bundle", Set.of("exec")),
            Map.entry("npx", Set.of()), Map.entry("pnpm", Set.of("exec", "dlx")), Map.entry("yarn", Set.of("exec", "dlx")),
            Map.entry("npm", Set.of("exec")), Map.entry("with-contenv", Set.of()), Map.entry("chroot", Set.of()),
            Map.entry("proot", Set.of()), Map.entry("bwrap", Set.of()), Map.entry("flatpak-spawn", Set.of()),
            Map.entry("devbox", Set.of("run")), Map.entry("nix-shell", Set.of()), Map.entry("mise", Set.of("exec", "x")),
            Map.entry("asdf", Set.of("exec")), Map.entry("infisical", Set.of("run")), Map.entry("chamber", Set.of("exec")),
            Map.entry("summon", Set.of()), Map.entry("envchain", Set.of()));

    static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "yash", "posh", "fish");

    private Wrappers() {
    }

    static Unwrapped unwrap(String program, List<Arg> args, Input stdin, ShellState state) {
        Prefix prefix = PREFIXES.get(program);
        if (prefix != null) return prefixed(prefix, args, stdin, state);
        if (SHELLS.contains(program)) return Shells.unwrap(args, stdin, state);
        return switch (program) {
            case "sudo" -> Elevation.sudo(args, stdin, state);
            case "su", "runuser" -> Elevation.su(args, stdin, state);
            case "env" -> env(args, stdin, state);
            case "command" -> args.stream().anyMatch(a -> a.is("-v") || a.is("-V")) ? NONE : prefixed(new Prefix(Options.posix(), 0), args, stdin, state);
            case "xargs" -> Xargs.unwrap(args, stdin, state);
            case "parallel" -> Xargs.parallel(args, stdin, state);
            case "flock" -> flock(args, stdin, state);
            case "watch" -> watch(args, stdin, state);
            case "script" -> script(args, state);
            case "busybox" -> args.isEmpty() ? NONE : unwrapOrRun(args, stdin, state);
            case "ssh" -> Remote.ssh(args, stdin, state);
            case "docker", "podman", "nerdctl" -> Remote.container(args, stdin, state);
            case "docker-compose", "podman-compose" -> Remote.compose(args, stdin, state);
            case "kubectl", "oc" -> Remote.kubectl(args, stdin, state);
            default -> {
                Set<String> verbs = RUNNERS.get(program);
                yield verbs == null ? NONE : runner(verbs, args, stdin, state);
            }
        };
    }

    /** busybox sh ..., busybox rm ...: the applet is the program. */
    private static Unwrapped unwrapOrRun(List<Arg> args, Input stdin, ShellState state) {
        return new Run(List.of(args), Map.of(), state, stdin);
    }

    static Unwrapped prefixed(Prefix prefix, List<Arg> args, Input stdin, ShellState state) {
        List<Arg> operands = prefix.options().parse(args).operands();
        if (operands.size() <= prefix.skip()) return NONE;
        return new Run(List.of(operands.subList(prefix.skip(), operands.size())), Map.of(), state, stdin);
    }

    private static Unwrapped env(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed o = Options.posix().value("u", "unset").value("C", "chdir").value("S", "split-string").parse(args);
        List<Arg> operands = new ArrayList<>();
        Arg split = o.value("S");
        if (split != null) {
            for (String piece : split.text().trim().split("\\s+")) operands.add(new Arg(piece, split.dynamic(), false));
        }
        operands.addAll(o.operands());
        Map<String, String> env = new HashMap<>();
        int i = Wrappers.leadingAssignments(operands, env);
        if (i >= operands.size()) return NONE;
        ShellState where = state;
        Arg dir = o.value("C");
        if (dir != null) {
            where = state.child();
            where.changeDirectory(dir);
        }
        return new Run(List.of(operands.subList(i, operands.size())), env, where, stdin);
    }

    private static Unwrapped flock(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed o = Options.posix().value("w", "timeout").value("E", "conflict-exit-code").value("c", "command").parse(args);
        if (o.value("c") != null) return new Shell(o.value("c").text(), state.child(), stdin);
        List<Arg> operands = o.operands();
        return operands.size() < 2 ? NONE : new Run(List.of(operands.subList(1, operands.size())), Map.of(), state, stdin);
    }

    /** watch runs its command through {@code sh -c} unless -x is given. */
    private static Unwrapped watch(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed o = Options.posix().value("n", "interval").value("q", "equexit").parse(args);
        if (o.operands().isEmpty()) return NONE;
        if (o.has("x") || o.has("exec")) return new Run(List.of(o.operands()), Map.of(), state, stdin);
        return new Shell(joined(o.operands()), state.child(), stdin);
    }

    private static Unwrapped script(List<Arg> args, ShellState state) {
        Arg command = Options.permuting().value("c", "command").value("E", "echo").value("I", "log-in").value("O", "log-out")
                .value("B", "log-io").value("T", "log-timing").value("m", "logging-format").parse(args).value("c");
        return command == null ? NONE : new Shell(command.text(), state.child(), Input.NONE);
    }

    private static Unwrapped runner(Set<String> verbs, List<Arg> args, Input stdin, ShellState state) {
        int dashes = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).is("--")) {
                dashes = i;
                break;
            }
        }
        if (dashes >= 0) {
            List<Arg> command = args.subList(dashes + 1, args.size());
            return command.isEmpty() ? NONE : new Run(List.of(command), Map.of(), state, stdin);
        }
        for (int i = 0; i < args.size(); i++) {
            String name = ScriptWalker.programName(args.get(i));
            if (verbs.contains(name) && i == 0) continue;
            if (Rules.forProgram(name) != null || PREFIXES.containsKey(name) || SHELLS.contains(name)) {
                return new Run(List.of(args.subList(i, args.size())), Map.of(), state, stdin);
            }
        }
        return NONE;
    }

    /**
     * Reads {@code NAME=value} words at the start of {@code operands} (as env and sudo take them) into
     * {@code env}, an unknowable value as null; returns the index of the command after them.
     */
    static int leadingAssignments(List<Arg> operands, Map<String, String> env) {
        int i = 0;
        while (i < operands.size() && operands.get(i).text().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            Arg a = operands.get(i++);
            int eq = a.text().indexOf('=');
            env.put(a.text().substring(0, eq), a.dynamic() ? null : a.text().substring(eq + 1));
        }
        return i;
    }

    static String joined(List<Arg> args) {
        return args.stream().map(Arg::text).collect(Collectors.joining(" "));
    }
}
