package dev.bulwark.hooks.judge;

/**
 * A plain {@code terraform apply} never runs from an agent, even of a plan a person approved: the
 * agent runs {@code bulwark tf apply FILE} instead, which applies a private copy of exactly the
 * approved file (so it cannot be swapped between the check and the apply), uses the approval once
 * and records the outcome, and applies a plan that destroys nothing without asking anyone.
 */
public final class UnapprovedPlans implements PlanApprovals {
    static final String ADVICE = "apply a plan approved with bulwark tf apply";

    @Override
    public Verdict review(TerraformApply apply) {
        String what = apply.planFile() == null
                ? apply.program() + " apply without a saved plan: run bulwark tf plan, have it approved if it destroys"
                        + " anything, then bulwark tf apply"
                : apply.program() + " apply of " + apply.planFile() + " bypasses the approval check: run bulwark tf apply "
                        + apply.planFile() + " (bulwark tf check " + apply.planFile() + " says whether it may run)";
        return Verdict.deny(what + "; " + ADVICE);
    }
}
