package dev.bulwark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps production PostgreSQL safe next to AI agents: verified backups first.",
        subcommands = {BackupCommand.class, VerifyCommand.class, BackupsCommand.class, DemoCommand.class, AgentsCommand.class,
                ApproversCommand.class, ApprovalsCommand.class, AuditCommand.class, GateCommand.class, AccessCommand.class,
                RehearseCommand.class, HookCommand.class, TfCommand.class,
                WalPushCommand.class, WalFetchCommand.class, WalStreamCommand.class, BasebackupCommand.class, PitrCommand.class,
                RestoreCommand.class, HeartbeatCommand.class, DoctorCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done / healthy / verified",
                "  1  a check failed (verification failed, policy violated)",
                "  2  usage or configuration error",
                "  3  environment error (cannot connect, binaries missing or of the wrong version)"})
public final class BulwarkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
