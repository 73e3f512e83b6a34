package dev.bulwark.gate.approval;

import java.time.Instant;

/** A person who may approve change requests. Listings carry no secret on purpose. */
public record Approver(String name, Instant createdAt) {}
