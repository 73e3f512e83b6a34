package dev.bulwark.terraform;

import dev.bulwark.gate.approval.Approval;
import dev.bulwark.gate.approval.ChangeRequest;

/**
 * Whether a plan file may be applied, decided by its SHA-256: approved (a human approved that exact
 * file and the approval is unused and unexpired), harmless (it destroys nothing), or refused, with
 * the reason and the request concerned, if any.
 */
public sealed interface PlanVerdict {
    String planSha256();

    default boolean mayApply() {
        return !(this instanceof Refused);
    }

    /** One sentence for the person or agent asking. */
    String reason();

    record Approved(String planSha256, ChangeRequest request) implements PlanVerdict {
        @Override
        public String reason() {
            return "approved as request " + request.id() + " by " + String.join(", ",
                    request.approvals().stream().map(Approval::approver).toList()) + " until " + request.expiresAt();
        }
    }

    record Harmless(String planSha256, PlanAnalysis analysis) implements PlanVerdict {
        @Override
        public String reason() {
            return "it " + PlanSummary.headline(analysis) + ", so it needs no approval";
        }
    }

    /** {@code request} is null when no request was made for this plan; {@code analysis} when it was not read. */
    record Refused(String planSha256, String reason, ChangeRequest request, PlanAnalysis analysis) implements PlanVerdict {}
}
