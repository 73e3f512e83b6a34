package dev.bulwark.access.audit;

import java.util.List;

/**
 * The findings of one audited role, worst first.
 *
 * @param agents the agents (from the config's {@code agents:}) that use this role; empty when none do
 */
public record RoleAudit(String role, boolean login, boolean agent, List<String> agents, int writePaths, int hardening,
                        List<Finding> findings) {

    public RoleAudit {
        agents = List.copyOf(agents);
        findings = List.copyOf(findings);
    }

    public static RoleAudit of(String role, boolean login, List<String> agents, List<Finding> findings) {
        int writes = (int) findings.stream().filter(Finding::writePath).count();
        return new RoleAudit(role, login, !agents.isEmpty(), agents, writes, findings.size() - writes, findings);
    }

    /** An agent's role with a write path fails the audit; other roles are reported only. */
    public boolean fails() {
        return agent && writePaths > 0;
    }
}
