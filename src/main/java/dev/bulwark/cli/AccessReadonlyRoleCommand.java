package dev.bulwark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.access.readonly.ApplyReport;
import dev.bulwark.access.readonly.PasswordFiles;
import dev.bulwark.access.readonly.PlanScript;
import dev.bulwark.access.readonly.ProofCheck;
import dev.bulwark.access.readonly.ProofReport;
import dev.bulwark.access.readonly.ReadonlyRoleRequest;
import dev.bulwark.access.readonly.ReadonlyRoleService;
import dev.bulwark.access.readonly.RoleLimits;
import dev.bulwark.access.readonly.RolePlan;
import dev.bulwark.access.readonly.Secret;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.DurationText;
import dev.bulwark.gate.approval.Passwords;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "readonly-role", mixinStandardHelpOptions = true,
        description = {"Print (default) or apply everything a truly read-only role needs: LOGIN and nothing more, CONNECT, "
                + "USAGE and SELECT on the schemas, default privileges so later tables are readable too, read-only "
                + "sessions with timeouts and a connection limit, and no write privilege of its own.",
                "With --apply: runs it in one transaction, then logs in as the role and tries every kind of write "
                + "(all rolled back). Exit 0 when every write was denied, 1 when any got through."})
final class AccessReadonlyRoleCommand extends BaseCommand {
    @Parameters(paramLabel = "NAME", description = "The role (created when it does not exist).")
    String name;

    @Option(names = "--db", paramLabel = "NAME", description = "Database from the config (default: the only one).")
    String db;

    @Option(names = "--schemas", split = ",", paramLabel = "SCHEMA",
            description = "Schemas the role may read, comma-separated (default: every non-system schema).")
    List<String> schemas = List.of();

    @Option(names = "--apply", description = "Run the plan in one transaction and prove the result.")
    boolean apply;

    @Option(names = "--revoke-public", description = "Also revoke what PUBLIC holds that would let the role write "
            + "(TEMPORARY and CREATE on the database, CREATE on schemas, write grants); without it they are listed as warnings.")
    boolean revokePublic;

    @Option(names = "--password-file", paramLabel = "FILE", description = {"The role's password. New role: used when FILE "
            + "exists, else a generated password is written there (mode 0600) instead of printed.",
            "Existing role: read to log in as it for the proof (default: the password of the database's gate.readonly_url "
                    + "when it names this role)."})
    Path passwordFile;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "statement_timeout set on the role (default: ${DEFAULT-VALUE}).")
    String statementTimeout;

    @Option(names = "--idle-in-transaction-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "idle_in_transaction_session_timeout set on the role (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--connection-limit", paramLabel = "N", defaultValue = "5",
            description = "Connection limit of the role (default: ${DEFAULT-VALUE}).")
    int connectionLimit;

    /** Where the password for the proof came from, and whether this run made it up (then it is shown once). */
    private record RolePassword(Secret secret, boolean generated, Path writtenTo) {}

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        BulwarkConfig.NamedDatabase target = config.database(db);
        DatabaseConfig database = target.config();
        ReadonlyRoleRequest request = new ReadonlyRoleRequest(name, schemas.stream().map(String::strip).toList(),
                new RoleLimits(duration("--statement-timeout", statementTimeout),
                        duration("--idle-in-transaction-timeout", idleTimeout), connectionLimit), revokePublic);
        PgUrl admin = Connections.withSecret(PgUrl.parse(database.url()), database.passwordFile(), env());
        ReadonlyRoleService service = new ReadonlyRoleService(admin);
        RolePlan plan = service.plan(request);
        if (!json() && config.agents().stream().noneMatch(a -> name.equals(a.role()))) {
            err().println("note: no entry of agents: in the config uses role '" + name + "'; add one (- { name: ..., role: "
                    + name + " }) so that the permission audit checks it");
        }
        if (!apply) {
            printPlan(plan, target.name(), database);
            return ExitCode.OK;
        }
        RolePassword password = password(plan, target.name(), database);
        ApplyReport report;
        try {
            report = service.apply(plan, password.secret());
        } catch (BulwarkException e) {
            // the role was not created, so a password written for it opens nothing: do not leave it lying around
            if (password.writtenTo() != null) PasswordFiles.deleteQuietly(password.writtenTo());
            throw e;
        }
        if (json()) {
            printJson(applyJson(report, password));
        } else {
            printApplied(report, password);
        }
        ProofReport proof = report.proof();
        if (proof.error() != null) return ExitCode.ENVIRONMENT;
        return proof.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private static Duration duration(String option, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw BulwarkException.usage(option + ": " + e.getMessage());
        }
    }

    private RolePassword password(RolePlan plan, String dbName, DatabaseConfig database) {
        boolean fileExists = passwordFile != null && Files.exists(passwordFile);
        if (plan.newRole()) {
            if (fileExists) return new RolePassword(PasswordFiles.read(passwordFile), false, null);
            Secret generated = new Secret(Passwords.generate());
            if (passwordFile == null) return new RolePassword(generated, true, null);
            PasswordFiles.writeNew(passwordFile, generated);
            return new RolePassword(generated, true, passwordFile);
        }
        if (passwordFile != null) {
            if (!fileExists) throw BulwarkException.usage("password file " + passwordFile + " does not exist; role '"
                    + plan.role() + "' exists, so the file must hold its password (Bulwark does not change it)");
            return new RolePassword(PasswordFiles.read(passwordFile), false, null);
        }
        Secret fromGate = gatePassword(plan.role(), database);
        if (fromGate != null) return new RolePassword(fromGate, false, null);
        throw BulwarkException.usage("role '" + plan.role() + "' exists and its password is unknown here; the proof after "
                + "--apply logs in as it, so give it with --password-file FILE (or in databases." + dbName
                + ".gate.readonly_url); a role without one needs one first (psql: \\password). Nothing was changed.");
    }

    /** The password of gate.readonly_url when that URL logs in as this very role. */
    private static Secret gatePassword(String role, DatabaseConfig database) {
        if (database.gate() == null || database.gate().readonlyUrl() == null) return null;
        PgUrl url = PgUrl.parse(database.gate().readonlyUrl());
        return role.equals(url.user()) && url.password() != null && !url.password().isEmpty() ? new Secret(url.password()) : null;
    }

    private void printPlan(RolePlan plan, String dbName, DatabaseConfig database) throws Exception {
        if (json()) {
            Map<String, Object> out = planJson(plan);
            out.put("applied", false);
            out.put("script", PlanScript.render(plan));
            printJson(out);
            return;
        }
        out().print(PlanScript.render(plan));
        out().flush();
        if (!plan.newRole() && passwordFile == null && gatePassword(plan.role(), database) == null) {
            err().println("note: role '" + plan.role() + "' exists; --apply will need its password (--password-file FILE, or "
                    + "databases." + dbName + ".gate.readonly_url) to log in as it for the proof");
        }
    }

    private static Map<String, Object> planJson(RolePlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", plan.role());
        out.put("database", plan.database());
        out.put("server", plan.server());
        out.put("server_version", plan.serverVersion());
        out.put("schemas", plan.schemas());
        out.put("new_role", plan.newRole());
        out.put("statements", plan.sections().stream().flatMap(section -> section.steps().stream()
                .map(step -> Map.of("why", section.why(), "sql", step.display()))).toList());
        out.put("warnings", plan.warnings());
        return out;
    }

    private static Map<String, Object> applyJson(ApplyReport report, RolePassword password) {
        Map<String, Object> out = planJson(report.plan());
        out.put("applied", true);
        out.put("steps_run", report.stepsRun());
        if (password.generated() && password.writtenTo() == null) out.put("password", password.secret().reveal());
        if (password.writtenTo() != null) out.put("password_file", password.writtenTo().toString());
        ProofReport proof = report.proof();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("logged_in_as", proof.loggedInAs());
        p.put("passed", proof.passed());
        p.put("failures", proof.failures());
        if (proof.error() != null) p.put("error", proof.error());
        p.put("checks", proof.checks());
        out.put("proof", p);
        return out;
    }

    private void printApplied(ApplyReport report, RolePassword password) {
        RolePlan plan = report.plan();
        out().println("applied " + report.stepsRun() + " statements to " + plan.server() + " in one transaction: role \""
                + plan.role() + "\" reads schemas " + String.join(", ", plan.schemas()));
        if (password.generated() && password.writtenTo() == null) {
            out().println("password of \"" + plan.role() + "\" (shown only now; Bulwark keeps no copy): "
                    + password.secret().reveal());
        } else if (password.writtenTo() != null) {
            out().println("password of \"" + plan.role() + "\" written to " + password.writtenTo() + " (mode 0600)");
        }
        ProofReport proof = report.proof();
        out().println();
        out().println("proof, logged in as " + proof.loggedInAs() + " (every write in a transaction that is rolled back):");
        TextTable table = new TextTable("RESULT", "CHECK", "OBSERVED");
        for (ProofCheck c : proof.checks()) {
            table.row(c.passed() ? "ok" : "FAILED", c.what(), (c.sqlstate() == null ? "" : c.sqlstate() + " ") + c.observed());
        }
        table.print(out(), "  ");
        out().println();
        if (proof.error() != null) {
            out().println("NOT PROVEN: " + proof.error());
        } else if (proof.passed()) {
            out().println("read-only: proven (" + proof.checks().size() + " checks passed, every write denied)");
        } else {
            out().println("NOT read-only: " + proof.failures() + " of " + proof.checks().size() + " checks failed");
        }
        if (!plan.warnings().isEmpty()) {
            out().println();
            out().println("warnings:");
            plan.warnings().forEach(w -> out().println("  * " + w));
        }
    }
}
