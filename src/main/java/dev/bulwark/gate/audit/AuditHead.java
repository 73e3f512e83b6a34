package dev.bulwark.gate.audit;

/**
 * The newest entry's sequence number and hash. Written down somewhere the store's writers cannot
 * change (a ticket, a log shipper, another machine), it lets {@link AuditLog#verify(AuditHead)}
 * detect even a rewrite of the whole chain.
 */
public record AuditHead(long seq, String hash) {}
