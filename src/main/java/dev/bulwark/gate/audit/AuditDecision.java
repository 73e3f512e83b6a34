package dev.bulwark.gate.audit;

/** What happened to a statement an agent sent, or to the request it became. */
public enum AuditDecision {
    /** A read, passed to the read-only connection. */
    ALLOWED,
    /** Not provably a read: held as a change request. */
    HELD,
    /** Refused outright (a FunctionCall message, COPY FROM, a protocol violation). */
    REFUSED,
    APPROVED,
    DENIED,
    EXECUTED,
    FAILED
}
