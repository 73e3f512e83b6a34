package dev.bulwark.gate.approval;

/**
 * Where a terraform plan request came from: the working directory terraform planned in (its root
 * module) and the plan file it wrote, both absolute. Informative only: an approval binds to the plan
 * file's SHA-256, not to its path.
 */
public record SavedPlan(String workingDirectory, String file) {}
