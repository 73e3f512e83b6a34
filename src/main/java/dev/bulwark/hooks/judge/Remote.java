package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commands that run on another machine or in a container: {@code ssh host cmd}, {@code docker exec},
 * {@code docker compose exec/run}, {@code docker run}, {@code kubectl exec}. The command is judged
 * there, where "localhost" is that machine and this shell's variables and directory do not apply.
 */
final class Remote {
    private static final Options SSH = Options.posix().value("B").value("b").value("c").value("D").value("E").value("e")
            .value("F").value("I").value("i").value("J").value("L").value("l").value("m").value("O").value("o").value("p")
            .value("Q").value("R").value("S").value("W").value("w");
    static final Options DOCKER = Options.posix().value("H", "host").value("context").value("config")
            .value("l", "log-level").value("tlscacert").value("tlscert").value("tlskey");
    private static final Options EXEC = Options.posix().value("e", "env").value("env-file").value("u", "user")
            .value("w", "workdir").value("detach-keys").value("index");
    private static final Options RUN = Options.posix().value("e", "env").value("env-file").value("v", "volume")
            .value("p", "publish").value("w", "workdir").value("u", "user").value("name").value("network").value("net")
            .value("entrypoint").value("m", "memory").value("cpus").value("l", "label").value("mount").value("add-host")
            .value("platform").value("pull").value("restart").value("h", "hostname").value("link").value("log-driver")
            .value("tmpfs").value("device").value("ulimit").value("cap-add").value("cap-drop").value("security-opt")
            .value("shm-size").value("gpus").value("ipc").value("pid").value("dns").value("workdir").value("label-file");
    static final Options COMPOSE = Options.posix().value("f", "file").value("p", "project-name").value("profile")
            .value("env-file").value("project-directory").value("ansi").value("parallel");
    private static final Options KUBECTL = Options.permuting().value("n", "namespace").value("context").value("cluster")
            .value("kubeconfig").value("user").value("s", "server").value("token").value("as").value("as-group")
            .value("request-timeout").value("c", "container").value("f", "filename").value("pod-running-timeout")
            .value("image").value("env").value("overrides").value("l", "labels").value("restart").value("target");

    private Remote() {
    }

    static Wrappers.Unwrapped ssh(List<Arg> args, Input stdin, ShellState state) {
        List<Arg> operands = SSH.parse(args).operands();
        if (operands.isEmpty()) return new Wrappers.NotAWrapper();
        ShellState there = state.elsewhere(host(operands.get(0).text()));
        List<Arg> command = operands.subList(1, operands.size());
        if (command.isEmpty()) {
            // no command: the remote login shell reads its commands from ssh's input
            return stdin instanceof Input.Text t ? new Wrappers.Shell(t.text(), there, Input.NONE) : new Wrappers.NotAWrapper();
        }
        return new Wrappers.Shell(Wrappers.joined(command), there, stdin);
    }

    private static String host(String destination) {
        String d = destination.startsWith("ssh://") ? destination.substring("ssh://".length()) : destination;
        d = d.substring(d.lastIndexOf('@') + 1);
        int colon = d.indexOf(':');
        return colon >= 0 && d.indexOf(':', colon + 1) < 0 ? d.substring(0, colon) : d;
    }

    static Wrappers.Unwrapped container(List<Arg> args, Input stdin, ShellState state) {
        List<Arg> operands = DOCKER.parse(args).operands();
        if (operands.isEmpty()) return new Wrappers.NotAWrapper();
        String sub = operands.get(0).text();
        List<Arg> rest = operands.subList(1, operands.size());
        if (sub.equals("container") && !rest.isEmpty()) {
            sub = rest.get(0).text();
            rest = rest.subList(1, rest.size());
        }
        return switch (sub) {
            case "exec" -> inside(EXEC.parse(rest), "container", null, stdin, state);
            case "run" -> {
                Options.Parsed o = RUN.parse(rest);
                yield inside(o, "container", o.value("entrypoint"), stdin, state);
            }
            case "compose" -> compose(rest, stdin, state);
            default -> new Wrappers.NotAWrapper();
        };
    }

    static Wrappers.Unwrapped compose(List<Arg> args, Input stdin, ShellState state) {
        List<Arg> operands = COMPOSE.parse(args).operands();
        if (operands.isEmpty()) return new Wrappers.NotAWrapper();
        List<Arg> rest = operands.subList(1, operands.size());
        return switch (operands.get(0).text()) {
            case "exec" -> inside(EXEC.parse(rest), "service", null, stdin, state);
            case "run" -> {
                Options.Parsed o = RUN.parse(rest);
                yield inside(o, "service", o.value("entrypoint"), stdin, state);
            }
            default -> new Wrappers.NotAWrapper();
        };
    }

    static Wrappers.Unwrapped kubectl(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed o = KUBECTL.parse(args);
        List<Arg> operands = o.operands();
        if (operands.size() < 3) return new Wrappers.NotAWrapper();
        String verb = operands.get(0).text();
        if (!verb.equals("exec") && !verb.equals("run") && !verb.equals("debug")) return new Wrappers.NotAWrapper();
        ShellState there = state.elsewhere("pod " + operands.get(1).text());
        return new Wrappers.Run(List.of(operands.subList(2, operands.size())), Map.of(), there, stdin);
    }

    /** {@code [options] NAME command...} run inside a container or service called NAME. */
    private static Wrappers.Unwrapped inside(Options.Parsed o, String kind, Arg entrypoint, Input stdin, ShellState state) {
        List<Arg> operands = o.operands();
        if (operands.isEmpty()) return new Wrappers.NotAWrapper();
        List<Arg> command = new ArrayList<>();
        if (entrypoint != null) command.add(entrypoint);
        command.addAll(operands.subList(1, operands.size()));
        if (command.isEmpty()) return new Wrappers.NotAWrapper();
        ShellState there = state.elsewhere(kind + " " + operands.get(0).text());
        if (o.value("w") != null) there.changeDirectory(o.value("w"));
        Map<String, String> env = new HashMap<>();
        for (Arg e : o.values("e")) {
            int eq = e.text().indexOf('=');
            if (eq > 0) env.put(e.text().substring(0, eq), e.dynamic() ? null : e.text().substring(eq + 1));
        }
        return new Wrappers.Run(List.of(command), env, there, stdin);
    }
}
