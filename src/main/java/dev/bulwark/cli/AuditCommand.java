package dev.bulwark.cli;

import dev.bulwark.ExitCode;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.gate.audit.AuditVerification;
import picocli.CommandLine.Command;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The gate's hash-chained audit log.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that no audit entry was edited, removed or reordered. Exit 1 if one was.")
    static final class Verify extends BaseCommand {
        @Override
        protected ExitCode run() throws Exception {
            try (AuditLog log = auditLog(config())) {
                AuditVerification v = log.verify();
                if (json()) {
                    printJson(v);
                } else if (v.ok()) {
                    out().println("audit log intact: " + v.entries() + " entries, each chained to the one before");
                } else {
                    out().println("audit log TAMPERED at entry " + v.firstBadSeq() + ": " + v.reason());
                }
                return v.ok() ? ExitCode.OK : ExitCode.CHECK_FAILED;
            }
        }
    }
}
