package dev.bulwark.terraform;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a saved plan would destroy: every resource change that deletes an existing object
 * (delete, either kind of replace, unknown actions) or forgets one, in terraform's order.
 * {@code resourceChanges} counts all of the plan's resource changes, no-ops included.
 */
public record PlanAnalysis(String terraformVersion, String formatVersion, boolean errored, int resourceChanges,
                           List<DestructiveChange> changes) {

    public PlanAnalysis {
        changes = List.copyOf(changes);
    }

    /** True when applying the plan deletes at least one existing object: it then needs a human's approval. */
    @JsonProperty("destructive")
    public boolean destructive() {
        return changes.stream().anyMatch(DestructiveChange::destroys);
    }

    @JsonProperty("deletions")
    public long deletions() {
        return changes.stream().filter(DestructiveChange::destroys).count();
    }

    @JsonProperty("data_bearing_deletions")
    public long dataBearingDeletions() {
        return changes.stream().filter(c -> c.destroys() && c.dataBearing()).count();
    }

    @JsonProperty("forgets")
    public long forgets() {
        return changes.stream().filter(c -> !c.destroys()).count();
    }
}
