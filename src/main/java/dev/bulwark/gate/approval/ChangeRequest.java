package dev.bulwark.gate.approval;

import java.time.Instant;
import java.util.List;

/**
 * A held change and everything decided about it. {@code status} is the effective status at the
 * time it was read (a PENDING or APPROVED request past {@code expiresAt} reads as EXPIRED).
 * {@code expiresAt} is when a pending request stops being approvable, or, once approved, when the
 * approval stops being executable.
 *
 * <p>{@code sql} is the text the approver reads and {@code sqlSha256} the hash every approval binds
 * to: for a {@link RequestKind#SQL} request the statement and its SHA-256; for a
 * {@link RequestKind#TERRAFORM} request a summary of the plan's destructive changes and the SHA-256
 * of the plan file, whose location is in {@code plan} ({@code database} and {@code plan} are null
 * where they do not apply).
 */
public record ChangeRequest(
        String id,
        RequestKind kind,
        Instant createdAt,
        String agent,
        String database,
        SavedPlan plan,
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
