package dev.bulwark.terraform;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bulwark.gate.approval.ChangeRequest;

/**
 * What {@code bulwark tf plan} made: the saved plan, its SHA-256, what it would destroy, and the
 * change request that now holds it ({@code request} is null when the plan destroys nothing).
 */
public record PlanOutcome(String planFile, String workingDirectory, String planSha256, PlanAnalysis analysis,
                          ChangeRequest request) {

    /** True when the plan waits for a human's approval before it may be applied. */
    @JsonProperty("held")
    public boolean held() {
        return request != null;
    }
}
