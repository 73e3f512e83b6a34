package dev.bulwark.terraform;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.RequestStatus;

/**
 * Answers "may this plan file be applied?" from its SHA-256 alone, never from a verdict cached by
 * path: a plan with a request is decided by that request (approved and unused: yes); a plan without
 * one is read again with {@code terraform show -json} and may be applied only if it destroys nothing.
 * Checking changes nothing. Used by {@code bulwark tf apply} and by the coding-agent hooks.
 */
public final class PlanGate {
    /** When several requests bind one plan file, the one that decides: spent beats approved beats pending. */
    private static final List<RequestStatus> PRECEDENCE = List.of(RequestStatus.EXECUTING, RequestStatus.EXECUTED,
            RequestStatus.FAILED, RequestStatus.APPROVED, RequestStatus.PENDING, RequestStatus.DENIED, RequestStatus.EXPIRED);

    private final ApprovalStore store;
    private final Terraform terraform;
    private final PlanAnalyzer analyzer;

    public PlanGate(ApprovalStore store, Terraform terraform, DataBearingTypes dataBearing) {
        this.store = store;
        this.terraform = terraform;
        this.analyzer = new PlanAnalyzer(dataBearing);
    }

    /**
     * The verdict on {@code planFile} as its bytes are now; {@code workingDirectory} is the root module
     * terraform would apply it in (where {@code terraform show} finds the providers). A missing plan
     * file is a usage error.
     */
    public PlanVerdict check(Path planFile, Path workingDirectory) {
        try (PlanSnapshot snapshot = PlanSnapshot.of(planFile)) {
            return check(snapshot, workingDirectory);
        }
    }

    /** {@link #check(Path, Path)} in the current directory. */
    public PlanVerdict check(Path planFile) {
        return check(planFile, Path.of("").toAbsolutePath());
    }

    PlanVerdict check(PlanSnapshot plan, Path workingDirectory) {
        List<ChangeRequest> requests = store.planRequests(plan.sha256());
        if (!requests.isEmpty()) {
            return decide(plan.sha256(), requests.stream()
                    .min(Comparator.comparingInt((ChangeRequest r) -> PRECEDENCE.indexOf(r.status()))
                            .thenComparing(ChangeRequest::createdAt, Comparator.reverseOrder()))
                    .orElseThrow());
        }
        PlanAnalysis analysis;
        try {
            analysis = analyzer.analyze(terraform.showJson(workingDirectory, plan.file()));
        } catch (BulwarkException e) {
            return new PlanVerdict.Refused(plan.sha256(), "no request was made for this plan file and it cannot be"
                    + " read to show it destroys nothing: " + e.getMessage(), null, null);
        }
        if (!analysis.destructive()) {
            return new PlanVerdict.Harmless(plan.sha256(), analysis);
        }
        return new PlanVerdict.Refused(plan.sha256(), "the plan " + PlanSummary.headline(analysis) + " and no approval"
                + " is bound to this file (sha256 " + plan.sha256() + "): it was changed after it was planned, or not made by"
                + " bulwark tf plan; run bulwark tf plan and have it approved", null, analysis);
    }

    private static PlanVerdict decide(String sha256, ChangeRequest r) {
        String id = r.id();
        return switch (r.status()) {
            case APPROVED -> new PlanVerdict.Approved(sha256, r);
            case PENDING -> refused(sha256, r, "the plan waits for approval as request " + id + " ("
                    + r.approvals().size() + " of " + r.requiredApprovals() + " approvals): bulwark approvals show " + id
                    + ", then bulwark approvals approve " + id + " --as NAME --code TOTP");
            case DENIED -> refused(sha256, r, "request " + id + " for this plan was denied by " + r.deniedBy() + ": "
                    + r.denyReason());
            case EXPIRED -> refused(sha256, r, "request " + id + " for this plan expired at " + r.expiresAt()
                    + " without being applied; run bulwark tf plan again");
            case EXECUTING -> refused(sha256, r, "this plan is being applied already (request " + id + ")");
            case EXECUTED, FAILED -> refused(sha256, r, "this plan was already applied (request " + id + ", "
                    + (r.status() == RequestStatus.EXECUTED ? "succeeded" : "failed") + " at " + r.finishedAt()
                    + "): an approval applies once; run bulwark tf plan again");
        };
    }

    private static PlanVerdict refused(String sha256, ChangeRequest r, String reason) {
        return new PlanVerdict.Refused(sha256, reason, r, null);
    }
}
