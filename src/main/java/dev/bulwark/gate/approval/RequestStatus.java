package dev.bulwark.gate.approval;

/**
 * Where a change request is in its life. PENDING → APPROVED → EXECUTING → EXECUTED or FAILED;
 * PENDING or APPROVED → DENIED; PENDING or APPROVED → EXPIRED when its time runs out (computed
 * when read, so a request expires even if nothing touches it).
 */
public enum RequestStatus {
    PENDING, APPROVED, EXECUTING, EXECUTED, FAILED, DENIED, EXPIRED;

    public boolean isFinal() {
        return this == EXECUTED || this == FAILED || this == DENIED || this == EXPIRED;
    }
}
