package dev.bulwark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.ExitCode;
import dev.bulwark.access.audit.AccessAuditReport;
import dev.bulwark.access.audit.AccessAuditor;
import dev.bulwark.access.audit.Finding;
import dev.bulwark.access.audit.RoleAudit;
import dev.bulwark.config.AgentConfig;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.postgres.PgUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Find every way a role can change data or schema: attributes, memberships (followed to the end), "
                + "privileges of its own and of PUBLIC, ownership, SECURITY DEFINER and risky functions, default privileges; "
                + "and the settings that should harden it. Each finding comes with its path and the SQL that removes it.",
                "Audits every login role, or the --role ones, and always the roles of 'agents:' and of gate.readonly_url. "
                        + "Exit 1 when an agent's role has a write path; hardening findings alone never fail."})
final class AccessAuditCommand extends BaseCommand {
    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = "--role", paramLabel = "NAME", description = "Audit this role (repeatable; default: every login role).")
    List<String> roles = new ArrayList<>();

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        AccessAuditReport report = new AccessAuditor(env()).audit(target.name(), target.config(),
                new AccessAuditor.Scope(roles, agentRoles(config, target)));
        if (json()) {
            printJson(report);
        } else {
            print(report, out());
        }
        return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** Roles agents use: those under 'agents:', and the gate's read-only role, through which every agent reads. */
    private static Map<String, List<String>> agentRoles(BulwarkConfig config, BulwarkConfig.NamedDatabase target) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (AgentConfig a : config.agents()) {
            if (a.role() != null) out.computeIfAbsent(a.role(), k -> new ArrayList<>()).add(a.name() == null ? a.role() : a.name());
        }
        var gate = target.config().gate();
        if (gate != null && gate.readonlyUrl() != null) {
            String user = PgUrl.parse(gate.readonlyUrl()).user();
            if (user != null) out.computeIfAbsent(user, k -> new ArrayList<>()).add("gate (readonly_url)");
        }
        return out;
    }

    private static void print(AccessAuditReport report, PrintWriter out) {
        out.println("Permission audit of '" + report.database() + "' (" + report.server() + ", PostgreSQL " + report.serverVersion()
                + ")");
        for (RoleAudit role : report.roles()) {
            out.println();
            String who = role.agent() ? "  [agent: " + String.join(", ", role.agents()) + "]" : "";
            String verdict = role.writePaths() == 0 ? "no write paths"
                    : (role.fails() ? "FAIL: " : "") + count(role.writePaths(), "write path");
            out.println("role " + role.role() + who + (role.login() ? "" : "  (cannot log in)") + ": " + verdict + ", "
                    + role.hardening() + " hardening");
            role.findings().stream().filter(Finding::writePath).forEach(f -> print(f, out));
            if (role.hardening() > 0) out.println("  hardening (does not fail the audit):");
            role.findings().stream().filter(f -> !f.writePath()).forEach(f -> print(f, out));
        }
        out.println();
        AccessAuditReport.Summary s = report.summary();
        out.println("summary: " + count(s.roles(), "role") + " audited, " + count(s.writePaths(), "write path") + " ("
                + String.join(", ", s.writePathsBySeverity().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
                + "), " + count(s.hardening(), "hardening finding"));
        if (!report.agentRolesNotFound().isEmpty()) {
            out.println("agent roles not found on this server: " + String.join(", ", report.agentRolesNotFound()));
        }
        out.println(report.passed() ? "PASSED: no role an agent uses can write"
                : "FAILED: agent roles with write paths: " + String.join(", ", s.agentsWithWritePaths()));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void print(Finding f, PrintWriter out) {
        String label = f.severity().label();
        out.printf("  %-9s %s%s%n", f.writePath() ? label.toUpperCase(java.util.Locale.ROOT) : label, f.pathText(),
                f.viaSetRole() ? "  (after SET ROLE)" : "");
        out.println("            allows: " + f.allows());
        out.println("            fix:    " + f.fixSql());
        if (f.note() != null) out.println("            note:   " + f.note());
    }
}
