package dev.bulwark.hooks.judge;

/**
 * Until plans can be approved in the approvals store, no apply is known to be approved: every one
 * needs a person, who applies it with {@code bulwark tf apply}.
 */
public final class UnapprovedPlans implements PlanApprovals {
    static final String ADVICE = "apply a plan approved with bulwark tf apply";

    @Override
    public Verdict review(TerraformApply apply) {
        String what = apply.planFile() == null ? apply.program() + " apply without an approved plan"
                : apply.program() + " apply of plan " + apply.planFile() + ", which nobody approved";
        return Verdict.deny(what + ": " + ADVICE);
    }
}
