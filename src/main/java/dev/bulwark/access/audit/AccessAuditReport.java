package dev.bulwark.access.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bulwark access audit} found in one database: every audited role with its findings.
 * It passes when no role an agent uses has a write path; hardening findings never fail it.
 *
 * @param agentRolesNotFound roles named under {@code agents:} that do not exist on this server
 */
public record AccessAuditReport(
        String database,
        String server,
        String serverVersion,
        boolean passed,
        Summary summary,
        List<String> agentRolesNotFound,
        List<RoleAudit> roles) {

    public record Summary(int roles, int writePaths, int hardening, Map<String, Integer> writePathsBySeverity,
                          List<String> agentsWithWritePaths) {}

    public static AccessAuditReport of(String database, String server, String serverVersion, List<String> agentRolesNotFound,
                                       List<RoleAudit> roles) {
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) bySeverity.put(s.label(), 0);
        roles.stream().flatMap(r -> r.findings().stream()).filter(Finding::writePath)
                .forEach(f -> bySeverity.merge(f.severity().label(), 1, Integer::sum));
        List<String> failing = roles.stream().filter(RoleAudit::fails).map(RoleAudit::role).toList();
        Summary summary = new Summary(roles.size(), roles.stream().mapToInt(RoleAudit::writePaths).sum(),
                roles.stream().mapToInt(RoleAudit::hardening).sum(), bySeverity, failing);
        return new AccessAuditReport(database, server, serverVersion, failing.isEmpty(), summary,
                List.copyOf(agentRolesNotFound), List.copyOf(roles));
    }
}
