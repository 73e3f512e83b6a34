package dev.bulwark.access.readonly;

import java.util.List;

/** Statements that belong together, and why they are there. */
public record PlanSection(String why, List<PlanStep> steps) {
    public PlanSection {
        steps = List.copyOf(steps);
    }
}
