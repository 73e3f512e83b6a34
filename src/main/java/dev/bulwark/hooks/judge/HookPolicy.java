package dev.bulwark.hooks.judge;

import java.util.Map;

/**
 * Everything the judge knows besides the command: which databases are production, what must not be
 * deleted, who approves terraform plans, and the environment the agent's commands inherit.
 */
public record HookPolicy(ProductionDatabases production, ProtectedData protectedData, PlanApprovals plans,
                         Map<String, String> environment) {
    public HookPolicy {
        environment = Map.copyOf(environment);
    }
}
