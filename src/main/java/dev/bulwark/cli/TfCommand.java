package dev.bulwark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.ConfigLoader;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.terraform.ApplyOutcome;
import dev.bulwark.terraform.DataBearingTypes;
import dev.bulwark.terraform.PlanAnalysis;
import dev.bulwark.terraform.PlanAnalyzer;
import dev.bulwark.terraform.PlanGate;
import dev.bulwark.terraform.PlanOutcome;
import dev.bulwark.terraform.PlanVerdict;
import dev.bulwark.terraform.PlanSummary;
import dev.bulwark.terraform.Terraform;
import dev.bulwark.terraform.TerraformGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(name = "tf", mixinStandardHelpOptions = true,
        description = "Terraform behind a human's approval: plans that destroy anything wait for an approver; only an"
                + " approved or non-destructive saved plan is applied, never with -auto-approve.",
        subcommands = {TfCommand.Plan.class, TfCommand.Apply.class, TfCommand.Check.class})
final class TfCommand implements Runnable {
    static final String DEFAULT_PLAN_FILE = "bulwark.tfplan";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What plan and apply share: where terraform is and which root module it works in. */
    static final class TerraformOptions {
        @Option(names = "--chdir", paramLabel = "DIR",
                description = "The root module terraform runs in (default: the working directory).")
        Path chdir;

        @Option(names = "--terraform", paramLabel = "PATH",
                description = "The terraform program (default: $BULWARK_TERRAFORM, then PATH).")
        Path terraform;

        Path workDir() {
            return (chdir == null ? Path.of("") : chdir).toAbsolutePath().normalize();
        }

        Path planFile(Path given) {
            return given != null ? given.toAbsolutePath().normalize() : workDir().resolve(DEFAULT_PLAN_FILE);
        }
    }

    /** What plan, apply and check share: the store, the audit log, terraform, who is asking, and how a plan is shown. */
    abstract static class TerraformCommand extends BaseCommand {
        @Mixin
        TerraformOptions tf;

        TerraformGate gate(BulwarkConfig config, ApprovalStore store, AuditLog audit) {
            int dataBearingApprovals = config.gate() == null ? 1 : config.gate().ddlApprovalsOrDefault();
            return new TerraformGate(store, audit, terraform(), dataBearing(config), dataBearingApprovals);
        }

        Terraform terraform() {
            return Terraform.of(tf.terraform, env());
        }

        static DataBearingTypes dataBearing(BulwarkConfig config) {
            return config == null ? DataBearingTypes.builtIn() : DataBearingTypes.withExtra(config.terraform().dataBearing());
        }

        /** Each destructive or forgotten change with its findings, under the plan's headline. */
        void render(PlanAnalysis analysis) {
            out().println("the plan " + PlanSummary.headline(analysis) + (analysis.changes().isEmpty() ? "" : ":"));
            PlanSummary.lines(analysis).forEach(line -> out().println("  " + line));
        }

        /** Who is asking: the agent a hook or wrapper names in BULWARK_AGENT, else the OS user. */
        String requester() {
            String agent = env().get("BULWARK_AGENT");
            return agent != null && !agent.isBlank() ? agent : System.getProperty("user.name");
        }

        /** Terraform's own output goes to stderr as it comes; stdout carries Bulwark's verdict. */
        Consumer<String> terraformOutput() {
            return line -> err().println(line);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Run terraform plan -out=FILE and read the saved plan. Exit 0 when it destroys nothing; exit 1 when"
                    + " it deletes or replaces anything: it is then held as a change request bound to the plan file's SHA-256,"
                    + " approved with 'bulwark approvals approve'.",
                    "Arguments after -- go to terraform plan (e.g. -var-file=prod.tfvars, -target=..., -destroy)."})
    static final class Plan extends TerraformCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "The plan file (default: bulwark.tfplan in the root module).")
        Path out;

        @Parameters(paramLabel = "TERRAFORM_ARGS", arity = "0..*", description = "After --: passed to terraform plan.")
        List<String> args = new ArrayList<>();

        @Override
        protected ExitCode run() throws Exception {
            BulwarkConfig config = config();
            try (ApprovalStore store = approvals(config); AuditLog audit = auditLog(config)) {
                PlanOutcome o = gate(config, store, audit).plan(tf.workDir(), tf.planFile(out), args, requester(),
                        terraformOutput());
                if (json()) {
                    printJson(o);
                } else {
                    render(o);
                }
                return o.held() ? ExitCode.CHECK_FAILED : ExitCode.OK;
            }
        }

        private void render(PlanOutcome o) {
            out().println("saved plan " + o.planFile() + " (sha256 " + o.planSha256() + ")");
            render(o.analysis());
            if (!o.held()) {
                out().println("no approval needed: bulwark tf apply " + o.planFile());
                return;
            }
            String id = o.request().id();
            out().println("HELD for approval as request " + id + " (" + o.request().requiredApprovals()
                    + " approver(s) needed, until " + o.request().expiresAt() + "):");
            out().println("  bulwark approvals show " + id);
            out().println("  bulwark approvals approve " + id + " --as NAME --code TOTP");
            out().println("then apply exactly this file: bulwark tf apply " + o.planFile());
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Apply a saved plan (default: bulwark.tfplan in the root module) with terraform apply, only if exactly"
                    + " that file (its SHA-256) was approved and not applied yet, or destroys nothing.",
                    "Refused with exit 1 and the reason: -auto-approve, destroy, -destroy, a plan file changed since it was"
                    + " approved, an unknown destructive plan, a plan waiting for approval, denied, expired or already applied.",
                    "After --, only -parallelism=N, -lock=BOOL, -lock-timeout=D and -compact-warnings pass to terraform."})
    static final class Apply extends TerraformCommand {
        @Parameters(paramLabel = "FILE", arity = "0..*", description = "The plan file, then (after --) terraform options.")
        List<String> args = new ArrayList<>();

        /** Unknown options land here instead of failing as a usage error: -auto-approve must be refused as policy. */
        @Unmatched
        List<String> unmatched = new ArrayList<>();

        @Override
        protected ExitCode run() throws Exception {
            String planArgument = !args.isEmpty() && !args.get(0).startsWith("-") ? args.get(0) : null;
            List<String> extra = new ArrayList<>(unmatched);
            extra.addAll(planArgument == null ? args : args.subList(1, args.size()));
            BulwarkConfig config = config();
            try (ApprovalStore store = approvals(config); AuditLog audit = auditLog(config)) {
                ApplyOutcome o = gate(config, store, audit).apply(tf.workDir(),
                        tf.planFile(planArgument == null ? null : Path.of(planArgument)), planArgument, extra, requester(),
                        terraformOutput());
                if (json()) {
                    printJson(o);
                } else {
                    out().println("applied " + o.planFile() + " (sha256 " + o.planSha256() + "): " + o.allowedBecause());
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Whether a saved plan (default: bulwark.tfplan in the root module) may be applied, decided as"
                    + " 'tf apply' decides it, changing nothing: exit 0 when it may (approved and not used yet, or it destroys"
                    + " nothing), 1 when not, with the reason.",
                    "With --plan-json, only what a plan would destroy, read from 'terraform show -json' output (a file, or -"
                    + " for stdin): exit 0 when nothing, 1 when something; needs neither terraform nor the approvals store."})
    static final class Check extends TerraformCommand {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The plan file.")
        Path file;

        @Option(names = "--plan-json", paramLabel = "JSON", description = "Analyse this 'terraform show -json' output instead.")
        String planJson;

        @Override
        protected ExitCode run() throws Exception {
            if (planJson != null) {
                PlanAnalysis analysis = new PlanAnalyzer(dataBearing(configIfPresent())).analyze(readPlanJson());
                if (json()) {
                    printJson(analysis);
                } else {
                    render(analysis);
                }
                return analysis.destructive() ? ExitCode.CHECK_FAILED : ExitCode.OK;
            }
            BulwarkConfig config = config();
            try (ApprovalStore store = approvals(config)) {
                Path plan = tf.planFile(file);
                PlanVerdict verdict = new PlanGate(store, terraform(), dataBearing(config)).check(plan, tf.workDir());
                if (json()) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("plan_file", plan.toString());
                    view.put("plan_sha256", verdict.planSha256());
                    view.put("may_apply", verdict.mayApply());
                    view.put("decision", switch (verdict) {
                        case PlanVerdict.Approved approved -> "approved";
                        case PlanVerdict.Harmless harmless -> "harmless";
                        case PlanVerdict.Refused refused -> "refused";
                    });
                    view.put("reason", verdict.reason());
                    view.put("verdict", verdict);
                    printJson(view);
                } else {
                    out().println((verdict.mayApply() ? "may be applied: " : "refused: ") + verdict.reason());
                    if (verdict instanceof PlanVerdict.Refused refused && refused.analysis() != null) render(refused.analysis());
                }
                return verdict.mayApply() ? ExitCode.OK : ExitCode.CHECK_FAILED;
            }
        }

        private BulwarkConfig configIfPresent() {
            return Files.exists(new ConfigLoader(env()).locate(configPath())) ? config() : null;
        }

        private String readPlanJson() throws IOException {
            if (planJson.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            try {
                return Files.readString(Path.of(planJson));
            } catch (NoSuchFileException e) {
                throw BulwarkException.usage("no file " + planJson + "; write one with: terraform show -json PLANFILE > "
                        + planJson);
            }
        }
    }
}
