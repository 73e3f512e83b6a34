package dev.bulwark.cli;

import dev.bulwark.ExitCode;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ApproverEnrollment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "approvers", mixinStandardHelpOptions = true, description = "People who approve held changes, with a TOTP second factor.",
        subcommands = {ApproversCommand.Add.class, ApproversCommand.ListApprovers.class, ApproversCommand.Remove.class})
final class ApproversCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Enrol an approver; prints the otpauth:// URI to load into an authenticator app, once.")
    static final class Add extends BaseCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                ApproverEnrollment e = store.addApprover(name);
                out().println(e.otpauthUri());
                err().println("approver '" + e.name() + "' enrolled: add the URI above to an authenticator app now; it is not "
                        + "shown again");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Enrolled approvers (never their secrets).")
    static final class ListApprovers extends BaseCommand {
        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                if (json()) {
                    printJson(store.listApprovers());
                } else {
                    TextTable t = new TextTable("APPROVER", "ENROLLED");
                    store.listApprovers().forEach(a -> t.row(a.name(), a.createdAt()));
                    t.print(out(), "");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an approver.")
    static final class Remove extends BaseCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                store.removeApprover(name);
            }
            return ExitCode.OK;
        }
    }
}
