package dev.bulwark.hooks.judge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** sudo, su and runuser: the same command, as another user (which changes PostgreSQL's default role). */
final class Elevation {
    private static final Options SUDO = Options.posix().value("u", "user").value("g", "group").value("p", "prompt")
            .value("C", "close-from").value("D", "chdir").value("h", "host").value("r", "role").value("t", "type")
            .value("T", "command-timeout").value("U", "other-user");
    private static final Options RUNUSER = Options.posix().value("u", "user").value("g", "group").value("G", "supp-group")
            .value("c", "command").value("s", "shell").value("w", "whitelist-environment");
    private static final Options SU = Options.permuting().value("c", "command").value("s", "shell").value("g", "group")
            .value("G", "supp-group").value("w", "whitelist-environment");

    private Elevation() {
    }

    static Wrappers.Unwrapped sudo(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed o = SUDO.parse(args);
        List<Arg> operands = o.operands();
        Map<String, String> env = new HashMap<>();
        int i = Wrappers.leadingAssignments(operands, env);
        List<Arg> command = operands.subList(i, operands.size());
        if (command.isEmpty()) return new Wrappers.NotAWrapper();
        ShellState as = state.asUser(o.value("u") != null ? o.value("u").text() : "root");
        if (o.value("D") != null) {
            as = as.child();
            as.changeDirectory(o.value("D"));
        }
        if (o.has("i") || o.has("login") || o.has("s") || o.has("shell")) {
            return new Wrappers.Shell(Wrappers.joined(command), as.child(), stdin);
        }
        return new Wrappers.Run(List.of(command), env, as, stdin);
    }

    /** {@code runuser -u USER -- cmd}, {@code su [-] USER -c 'cmd'}, {@code su -c 'cmd' USER}. */
    static Wrappers.Unwrapped su(List<Arg> args, Input stdin, ShellState state) {
        Options.Parsed posix = RUNUSER.parse(args);
        if (posix.value("u") != null) {
            if (posix.operands().isEmpty()) return new Wrappers.NotAWrapper();
            return new Wrappers.Run(List.of(posix.operands()), Map.of(), state.asUser(posix.value("u").text()), stdin);
        }
        Options.Parsed o = SU.parse(args);
        Arg command = o.value("c");
        if (command == null) return new Wrappers.NotAWrapper();
        String user = o.operands().stream().filter(a -> !a.is("-")).map(Arg::text).findFirst().orElse("root");
        return new Wrappers.Shell(command.text(), state.asUser(user).child(), stdin);
    }
}
