package dev.bulwark.gate.approval;

import java.time.Instant;

/** One approver's approval of a request, bound to the SHA-256 of the SQL they approved. */
public record Approval(String approver, Instant at, String sqlSha256) {}
