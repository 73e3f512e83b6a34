package dev.bulwark.gate.approval;

import java.time.Instant;
import java.util.List;

/**
 * A held statement and everything decided about it. {@code status} is the effective status at the
 * time it was read (a PENDING or APPROVED request past {@code expiresAt} reads as EXPIRED).
 * {@code expiresAt} is when a pending request stops being approvable, or, once approved, when the
 * approval stops being executable.
 */
public record ChangeRequest(
        String id,
        Instant createdAt,
        String agent,
        String database,
        String clientAddress,
        String sql,
        String sqlSha256,
        String reason,
        String impactJson,
        int requiredApprovals,
        RequestStatus status,
        List<Approval> approvals,
        Instant expiresAt,
        String deniedBy,
        String denyReason,
        String resultJson,
        String error,
        Instant finishedAt) {

    public ChangeRequest {
        approvals = List.copyOf(approvals);
    }
}
