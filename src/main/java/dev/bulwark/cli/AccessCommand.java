package dev.bulwark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = "What database roles can change, and read-only roles for agents that really are.",
        subcommands = {AccessAuditCommand.class, AccessReadonlyRoleCommand.class})
final class AccessCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
