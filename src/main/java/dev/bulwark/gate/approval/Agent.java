package dev.bulwark.gate.approval;

import java.time.Instant;

/** An agent login of the gate: its name (the user in its connection string) and the one database it may use. */
public record Agent(String name, String database, Instant createdAt) {}
