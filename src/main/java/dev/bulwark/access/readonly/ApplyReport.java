package dev.bulwark.access.readonly;

/** What --apply did: the plan it ran in one transaction, how many steps, and the proof that followed. */
public record ApplyReport(RolePlan plan, int stepsRun, ProofReport proof) {}
