package dev.bulwark.terraform;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.NewPlanRequest;
import dev.bulwark.gate.approval.SavedPlan;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.audit.AuditEvent;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.repository.Json;

/**
 * Terraform behind a human's approval. {@link #plan} saves a plan and, when it destroys anything,
 * holds it as a change request bound to the plan file's SHA-256; {@link #apply} applies a plan file
 * only when exactly that file was approved (once) or destroys nothing. Every plan, apply and
 * refusal goes into the audit log. Terraform's output goes, line by line, to the listener given.
 */
public final class TerraformGate {
    /** Terraform's diagnostics point into a .tf file when the configuration itself is wrong. */
    private static final Pattern CONFIGURATION_ERROR = Pattern.compile("\\bon \\S+\\.tf(\\.json)? line \\d+");
    private static final int QUOTED_LINES = 30;

    private final ApprovalStore store;
    private final AuditLog audit;
    private final Terraform terraform;
    private final PlanAnalyzer analyzer;
    private final PlanGate gate;
    private final int dataBearingApprovals;

    /**
     * {@code dataBearingApprovals}: how many different approvers a plan that destroys data-bearing
     * resources needs (1 or 2, like schema changes: {@code gate.ddl_approvals}); other plans need one.
     */
    public TerraformGate(ApprovalStore store, AuditLog audit, Terraform terraform, DataBearingTypes dataBearing,
                         int dataBearingApprovals) {
        this.store = store;
        this.audit = audit;
        this.terraform = terraform;
        this.analyzer = new PlanAnalyzer(dataBearing);
        this.gate = new PlanGate(store, terraform, dataBearing);
        this.dataBearingApprovals = dataBearingApprovals;
    }

    /**
     * Runs {@code terraform plan -out=planFile [args]} in {@code workDir} and reads the saved plan; a
     * plan that destroys anything becomes a pending change request of {@code requester}.
     */
    public PlanOutcome plan(Path workDir, Path planFile, List<String> args, String requester, Consumer<String> output) {
        TerraformArguments.checkPlan(args);
        TerraformRun run = terraform.plan(workDir, planFile, args, output);
        if (!run.ok()) {
            throw failed("plan", workDir, run);
        }
        String file = planFile.toAbsolutePath().toString();
        String dir = workDir.toAbsolutePath().toString();
        try (PlanSnapshot plan = PlanSnapshot.of(planFile)) {
            PlanAnalysis analysis = analyzer.analyze(terraform.showJson(workDir, plan.file()));
            String summary = PlanSummary.text(file, dir, analysis);
            String audited = summary + "\nsha256 " + plan.sha256();
            if (!analysis.destructive()) {
                record(requester, null, audited, AuditDecision.ALLOWED);
                return new PlanOutcome(file, dir, plan.sha256(), analysis, null);
            }
            int approvals = analysis.dataBearingDeletions() > 0 ? dataBearingApprovals : 1;
            ChangeRequest request = store.createPlanRequest(new NewPlanRequest(requester, new SavedPlan(dir, file),
                    plan.sha256(), summary, "terraform plan " + PlanSummary.headline(analysis), json(analysis), approvals));
            record(requester, request.id(), audited, AuditDecision.HELD);
            return new PlanOutcome(file, dir, plan.sha256(), analysis, request);
        }
    }

    /**
     * Applies {@code planFile} in {@code workDir} if {@link PlanGate} allows exactly these bytes;
     * otherwise (and for refused arguments) a check-failed error with the reason. An approval is
     * claimed before terraform starts and records terraform's outcome, so it applies once.
     */
    public ApplyOutcome apply(Path workDir, Path planFile, String planArgument, List<String> args, String requester,
                              Consumer<String> output) {
        String file = planFile.toAbsolutePath().toString();
        try {
            TerraformArguments.checkApply(planArgument, args);
        } catch (BulwarkException e) {
            record(requester, null, "terraform apply " + file + " " + String.join(" ", args) + "\n" + e.getMessage(),
                    AuditDecision.REFUSED);
            throw e;
        }
        try (PlanSnapshot plan = PlanSnapshot.of(planFile)) {
            String what = "terraform apply " + file + " sha256 " + plan.sha256();
            PlanVerdict verdict = gate.check(plan, workDir);
            ChangeRequest claimed = switch (verdict) {
                case PlanVerdict.Refused refused -> {
                    record(requester, refused.request() == null ? null : refused.request().id(),
                            what + "\nrefused: " + refused.reason(), AuditDecision.REFUSED);
                    throw BulwarkException.checkFailed("refused to apply " + file + ": " + refused.reason());
                }
                case PlanVerdict.Approved approved -> store.beginPlanApply(approved.request().id(), plan.sha256());
                case PlanVerdict.Harmless harmless -> null;
            };
            String requestId = claimed == null ? null : claimed.id();
            TerraformRun run = runApply(workDir, plan, args, output, requestId);
            if (!run.ok()) {
                String error = "terraform apply exited " + run.exitCode() + ": " + run.tail(QUOTED_LINES);
                if (requestId != null) store.markFailed(requestId, error);
                record(requester, requestId, what + "\n" + error, AuditDecision.FAILED);
                throw failed("apply", workDir, run);
            }
            if (requestId != null) store.markExecuted(requestId, json(new AppliedResult(run.exitCode(), run.tail(5))));
            record(requester, requestId, what + "\napplied: " + verdict.reason(), AuditDecision.EXECUTED);
            return new ApplyOutcome(file, plan.sha256(), requestId, verdict.reason());
        }
    }

    /** What a request records of the apply that used it. */
    record AppliedResult(int exitCode, String lastLines) {}

    /** Terraform did not even run to an exit code: the claimed approval is spent all the same, and says why. */
    private TerraformRun runApply(Path workDir, PlanSnapshot plan, List<String> args, Consumer<String> output, String requestId) {
        try {
            return terraform.apply(workDir, plan.file(), args, output);
        } catch (BulwarkException e) {
            if (requestId != null) store.markFailed(requestId, e.getMessage());
            throw e;
        }
    }

    /**
     * A failed plan or apply: a usage error when terraform points at the configuration, check-failed
     * for a stale plan (state moved on since it was planned), else an environment error.
     */
    private static BulwarkException failed(String command, Path workDir, TerraformRun run) {
        String quoted = run.tail(QUOTED_LINES);
        String message = "terraform " + command + " failed (exit " + run.exitCode() + ") in " + workDir + ":\n" + quoted;
        if (quoted.contains("Saved plan is stale")) {
            return BulwarkException.checkFailed(message + "\nthe state changed since the plan was made: run bulwark tf plan again");
        }
        return new BulwarkException(CONFIGURATION_ERROR.matcher(quoted).find() ? ExitCode.USAGE : ExitCode.ENVIRONMENT, message);
    }

    private void record(String requester, String requestId, String text, AuditDecision decision) {
        audit.append(new AuditEvent(requester, null, null, "-- " + text, decision, requestId));
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain records always serialise", e);
        }
    }
}
