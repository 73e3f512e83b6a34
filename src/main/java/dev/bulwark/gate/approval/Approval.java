package dev.bulwark.gate.approval;

import java.time.Instant;

/** One approver's approval of a request, bound to the SHA-256 of what they approved (the SQL, or the plan file). */
public record Approval(String approver, Instant at, String sqlSha256) {}
