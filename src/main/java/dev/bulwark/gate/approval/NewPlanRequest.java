package dev.bulwark.gate.approval;

/**
 * A terraform plan with destructive changes, to be approved before it may be applied:
 * {@code requester} is who ran the plan (an agent's name or the OS user), {@code planSha256} the
 * SHA-256 of the plan file, {@code summary} the destructive changes in words (what the approver
 * reads), {@code reason} one line on why it was held, {@code impactJson} the full analysis.
 */
public record NewPlanRequest(String requester, SavedPlan plan, String planSha256, String summary, String reason,
                             String impactJson, int requiredApprovals) {}
