package dev.bulwark.gate.audit;

/**
 * The outcome of checking the chain: {@code entries} is how many were read, {@code firstBadSeq}
 * the first entry (or expected position) that failed, 0 when ok, and {@code reason} says what was
 * wrong in words a person can act on.
 */
public record AuditVerification(boolean ok, long entries, long firstBadSeq, String reason) {

    static AuditVerification good(long entries) {
        return new AuditVerification(true, entries, 0, "the chain of " + entries + " entries is intact");
    }

    static AuditVerification bad(long entries, long seq, String reason) {
        return new AuditVerification(false, entries, seq, reason);
    }
}
