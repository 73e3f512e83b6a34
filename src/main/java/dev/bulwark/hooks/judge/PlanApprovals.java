package dev.bulwark.hooks.judge;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether a {@code terraform apply} (or {@code tofu apply}) may run. Only a saved plan that a person
 * approved may be applied; {@code -auto-approve} and destroy mode are refused before this is asked.
 */
public interface PlanApprovals {
    /** The apply to review; {@code planFile} is null when no saved plan is named (terraform plans and prompts). */
    record TerraformApply(String program, Path workingDirectory, String planFile, List<String> arguments) {
        public TerraformApply {
            arguments = List.copyOf(arguments);
        }
    }

    Verdict review(TerraformApply apply);
}
