package dev.bulwark.gate.audit;

/** One thing to record; {@code client} and {@code requestId} may be null. */
public record AuditEvent(String agent, String database, String client, String sql, AuditDecision decision,
                         String requestId) {}
