package dev.bulwark.cli;

import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.gate.execute.ApprovalFlow;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.RequestKind;
import dev.bulwark.gate.approval.RequestStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "approvals", mixinStandardHelpOptions = true, description = "Change requests the gate held for a human.",
        subcommands = {ApprovalsCommand.ListRequests.class, ApprovalsCommand.Show.class, ApprovalsCommand.Approve.class,
                ApprovalsCommand.Deny.class, ApprovalsCommand.Undo.class})
final class ApprovalsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Held requests, newest last.")
    static final class ListRequests extends BaseCommand {
        @Option(names = "--status", paramLabel = "STATUS", description = "Only requests in this state: ${COMPLETION-CANDIDATES}.")
        RequestStatus status;

        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                List<ChangeRequest> requests = store.list(status);
                if (json()) {
                    printJson(requests);
                } else {
                    TextTable t = new TextTable("ID", "STATUS", "AGENT", "TARGET", "CREATED", "CHANGE");
                    requests.forEach(r -> t.row(r.id(), r.status(), r.agent(), target(r), r.createdAt(),
                            r.kind() == RequestKind.TERRAFORM ? r.reason() : oneLine(r.sql())));
                    t.print(out(), "");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One request: the SQL or terraform plan, why it was held, its state and result.")
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                ChangeRequest r = store.get(id).orElseThrow(() -> BulwarkException.usage("no change request '" + id
                        + "'; see 'bulwark approvals list'"));
                if (json()) {
                    printJson(r);
                    return ExitCode.OK;
                }
                out().println("request " + r.id() + " (" + r.status() + ")");
                if (r.kind() == RequestKind.TERRAFORM) {
                    out().println("  terraform  plan " + r.plan().file() + " in " + r.plan().workingDirectory());
                    out().println("  asked by   " + r.agent());
                } else {
                    out().println("  agent      " + r.agent() + " from " + r.clientAddress() + " on '" + r.database() + "'");
                }
                out().println("  created    " + r.createdAt() + ", expires " + r.expiresAt());
                out().println("  held since " + r.reason());
                out().println("  sha256     " + r.sqlSha256() + (r.kind() == RequestKind.TERRAFORM ? " (of the plan file)" : ""));
                if (r.kind() == RequestKind.SQL) out().println("  impact     " + r.impactJson());
                r.approvals().forEach(a -> out().println("  approved   by " + a.approver() + " at " + a.at()));
                if (r.deniedBy() != null) out().println("  denied     by " + r.deniedBy() + ": " + r.denyReason());
                if (r.resultJson() != null) out().println("  result     " + r.resultJson());
                if (r.error() != null) out().println("  error      " + r.error());
                out().println();
                out().println(r.sql());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Refuse a held request; it can never run.")
    static final class Deny extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--as", required = true, paramLabel = "NAME", description = "The approver refusing it.")
        String approver;

        @Option(names = "--code", paramLabel = "TOTP", description = "The approver's current code (optional for a refusal).")
        String code;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        protected ExitCode run() throws Exception {
            try (ApprovalStore store = approvals(config())) {
                ChangeRequest r = store.deny(id, approver, code, reason);
                out().println("request " + r.id() + " " + r.status());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a held request with your TOTP code. Once approved by enough approvers a SQL change runs at once: "
                    + "a safety copy of the tables it touches is taken, then the exact SQL runs with the write role. "
                    + "A terraform plan runs nothing here: 'bulwark tf apply' may then apply that exact plan file once.",
                    "Exit 1 if the code is wrong or the change fails (it is then rolled back)."})
    static final class Approve extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--as", required = true, paramLabel = "NAME", description = "The approver.")
        String approver;

        @Option(names = "--code", required = true, paramLabel = "TOTP", description = "The approver's current code.")
        String code;

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            try (ApprovalStore store = approvals(config); AuditLog audit = auditLog(config)) {
                ApprovalFlow.Outcome o = new ApprovalFlow(store, audit, binaries(), env(), clock()).approve(id, approver, code, config);
                if (json()) {
                    printJson(o);
                } else if (o.request().kind() == RequestKind.TERRAFORM && o.request().status() == RequestStatus.APPROVED) {
                    String file = o.request().plan().file();
                    out().println("request " + id + " approved by " + approver + ": the plan file " + file + " (sha256 "
                            + o.request().sqlSha256() + ") may be applied once, until " + o.request().expiresAt()
                            + ": bulwark tf apply " + file);
                } else if (o.execution() == null) {
                    out().println("request " + id + " approved by " + approver + "; waiting for "
                            + (o.request().requiredApprovals() - o.request().approvals().size()) + " more approver(s)");
                } else {
                    out().println("request " + id + " executed: " + o.execution().rowsAffected() + " rows in "
                            + o.execution().durationMs() + " ms; safety copy " + o.execution().safetyBackupId() + " of "
                            + (o.execution().tables().isEmpty() ? "the whole database" : o.execution().tables())
                            + " (undo: bulwark approvals undo " + id + " --as NAME --code TOTP)");
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "undo", mixinStandardHelpOptions = true,
            description = "Put back what an executed change altered, from the safety copy taken before it ran.")
    static final class Undo extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--as", required = true, paramLabel = "NAME")
        String approver;

        @Option(names = "--code", required = true, paramLabel = "TOTP")
        String code;

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            try (ApprovalStore store = approvals(config); AuditLog audit = auditLog(config)) {
                java.util.List<String> restored = new ApprovalFlow(store, audit, binaries(), env(), clock()).undo(id, approver, code, config);
                out().println("request " + id + " undone: " + restored + " put back from the safety copy");
            }
            return ExitCode.OK;
        }
    }

    /** The database a SQL change is for, or the directory a terraform plan was made in. */
    static String target(ChangeRequest r) {
        return r.kind() == RequestKind.TERRAFORM ? "terraform:" + r.plan().workingDirectory() : r.database();
    }

    static String oneLine(String sql) {
        String s = sql.replaceAll("\\s+", " ").strip();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
