package dev.bulwark.gate.proxy;

import dev.bulwark.gate.audit.AuditDecision;

/** Where held statements become change requests, and every decision is written to the audit log. */
public interface HoldDesk {
    /** Records a held statement as a change request; returns its id. */
    String hold(SessionInfo session, String sql, String reason);

    /** Records one statement and what the gate did with it ({@code requestId} may be null). */
    void audit(SessionInfo session, String sql, AuditDecision decision, String requestId);

    /** Who is on the other end of a session, for requests and the audit log. */
    record SessionInfo(String agent, String database, String clientAddress) {}
}
