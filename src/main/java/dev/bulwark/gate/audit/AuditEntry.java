package dev.bulwark.gate.audit;

/**
 * A stored audit entry exactly as kept: {@code at} and {@code decision} stay text so that entries
 * written by any version still verify. {@code hash} covers every other field and {@code prevHash}.
 */
public record AuditEntry(long seq, String at, String agent, String database, String client, String sql,
                         String decision, String requestId, String prevHash, String hash) {}
