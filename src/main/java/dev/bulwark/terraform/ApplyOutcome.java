package dev.bulwark.terraform;

/**
 * A plan file that terraform applied: its SHA-256, why it was allowed (the approval it used, whose
 * request is {@code requestId}, or that it destroys nothing: {@code requestId} null).
 */
public record ApplyOutcome(String planFile, String planSha256, String requestId, String allowedBecause) {}
