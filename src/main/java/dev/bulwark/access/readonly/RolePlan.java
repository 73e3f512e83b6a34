package dev.bulwark.access.readonly;

import java.util.List;

/**
 * Everything that makes {@code role} read-only in {@code database}: statements grouped by purpose,
 * run in one transaction by --apply, and warnings about what the plan leaves as it is.
 *
 * @param server where the plan runs, as {@code user@host:port/db} (never a password)
 */
public record RolePlan(String role, String database, String server, String serverVersion, List<String> schemas,
                       boolean newRole, List<PlanSection> sections, List<String> warnings, ProofPlan proof) {
    public RolePlan {
        schemas = List.copyOf(schemas);
        sections = List.copyOf(sections);
        warnings = List.copyOf(warnings);
    }

    public List<PlanStep> steps() {
        return sections.stream().flatMap(s -> s.steps().stream()).toList();
    }
}
