package dev.bulwark.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.Base32;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.RequestStatus;
import dev.bulwark.gate.approval.Totp;
import dev.bulwark.repository.FileDigests;
import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;

/**
 * {@code bulwark tf} end to end with the real terraform and the built-in {@code terraform_data}
 * resource (no provider, no network): a removed block is held until a human approves that exact
 * plan file, which then applies once; -auto-approve, destroy and a swapped plan file are refused.
 */
class TerraformGateIT {
    private static final String BOTH = """
            resource "terraform_data" "db" {
              input = "years of data"
              lifecycle { prevent_destroy = true }
            }
            resource "terraform_data" "cache" {
              input = "v1"
            }
            """;
    private static final Map<String, String> AGENT = Map.of("BULWARK_AGENT", "claude", "CHECKPOINT_DISABLE", "1");

    @TempDir
    Path dir;
    Path config;
    Path planFile;

    @BeforeEach
    void workspace() throws Exception {
        assumeTrue(terraformAvailable(), "terraform is not installed");
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "terraform:\n  data_bearing: [terraform_data]\n");
        planFile = dir.resolve("bulwark.tfplan");
    }

    @Test
    void aRemovedBlockWaitsForApprovalOfThatExactPlanWhichThenAppliesOnce() throws Exception {
        Files.writeString(dir.resolve("main.tf"), BOTH);
        Cli.Result create = tf("plan");
        assertThat(create.exit()).as(create.all()).isZero();
        assertThat(create.out()).contains("the plan destroys nothing").contains("no approval needed");
        assertThat(create.err()).contains("terraform_data.db will be created");
        try (ApprovalStore store = ApprovalStore.open(dir.resolve("bulwark-approvals.db"))) {
            PlanGate hookGate = new PlanGate(store, Terraform.of(null, System.getenv()), DataBearingTypes.builtIn());
            assertThat(hookGate.check(planFile, dir)).isInstanceOf(PlanVerdict.Harmless.class);
        }
        assertThat(tf("apply").exit()).isZero();

        Files.writeString(dir.resolve("main.tf"), BOTH.substring(BOTH.indexOf("resource \"terraform_data\" \"cache\"")));
        Cli.Result held = tf("--json", "plan");
        assertThat(held.exit()).as(held.all()).isEqualTo(1);
        JsonNode plan = Json.mapper().readTree(held.out());
        String id = plan.path("request").path("id").asText();
        assertThat(plan.path("held").asBoolean()).isTrue();
        assertThat(plan.path("plan_sha256").asText()).isEqualTo(sha256(planFile));
        JsonNode change = plan.path("analysis").path("changes").path(0);
        assertThat(change.path("address").asText()).isEqualTo("terraform_data.db");
        assertThat(change.path("action_reason").asText()).isEqualTo("delete_because_no_resource_config");
        assertThat(change.path("findings").findValuesAsText("concern")).containsExactly("DATA_BEARING", "REMOVED_FROM_CONFIGURATION");

        assertRefused(tf("apply"), "waits for approval as request " + id);
        assertRefused(tf("apply", "-auto-approve"), "never skips the approval");
        assertRefused(tf("apply", "destroy"), "never runs terraform destroy");
        assertThat(stateAddresses()).contains("terraform_data.db");

        Cli.Result show = Cli.run("--config", config.toString(), "approvals", "show", id);
        assertThat(show.out()).contains("terraform  plan " + planFile).contains("asked by   claude")
                .contains("delete  terraform_data.db  [DATA-BEARING]").contains("prevent_destroy");
        Cli.Result approve = Cli.run("--config", config.toString(), "approvals", "approve", id, "--as", "alice", "--code", enrollAlice());
        assertThat(approve.exit()).as(approve.all()).isZero();
        assertThat(approve.out()).contains("may be applied once").contains(sha256(planFile));
        Cli.Result check = tf("check");
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out()).startsWith("may be applied: approved as request " + id + " by alice");

        // the approved file swapped for another destructive plan, or damaged: neither is what was approved
        byte[] approved = Files.readAllBytes(planFile);
        terraform("plan", "-destroy", "-input=false", "-out=" + planFile);
        assertRefused(tf("apply"), "no approval is bound to this file");
        Files.write(planFile, Arrays.copyOf(approved, approved.length - 64));
        assertRefused(tf("apply"), "no request was made for this plan file");
        assertThat(stateAddresses()).contains("terraform_data.db");

        Files.write(planFile, approved);
        Cli.Result apply = tf("apply");
        assertThat(apply.exit()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("approved as request " + id + " by alice");
        assertThat(apply.err()).contains("Apply complete! Resources: 0 added, 0 changed, 1 destroyed.");
        assertThat(stateAddresses()).containsExactly("terraform_data.cache");
        assertRefused(tf("apply"), "already applied (request " + id);

        try (ApprovalStore store = ApprovalStore.open(dir.resolve("bulwark-approvals.db"))) {
            ChangeRequest r = store.get(id).orElseThrow();
            assertThat(r.status()).isEqualTo(RequestStatus.EXECUTED);
            assertThat(r.agent()).isEqualTo("claude");
            assertThat(r.resultJson()).contains("\"exit_code\" : 0");
        }
        Cli.Result audit = Cli.run("--config", config.toString(), "audit", "verify");
        assertThat(audit.exit()).as(audit.all()).isZero();
    }

    @Test
    void terraformThatCannotRunIsAnEnvironmentErrorAndABadConfigurationAUsageError() throws Exception {
        Cli.Result missing = Cli.run(Map.of("BULWARK_TERRAFORM", dir.resolve("no-terraform").toString()), "--config",
                config.toString(), "tf", "plan", "--chdir", dir.toString());
        assertThat(missing.exit()).as(missing.all()).isEqualTo(3);
        assertThat(missing.err()).contains("install Terraform");

        Files.writeString(dir.resolve("main.tf"), "resource \"terraform_data\" \"x\" {\n  nonsense = 1\n}\n");
        Cli.Result broken = tf("plan");
        assertThat(broken.exit()).as(broken.all()).isEqualTo(2);
        assertThat(broken.err()).contains("terraform plan failed").contains("Unsupported argument");
    }

    /** {@code bulwark [--json] tf VERB --chdir DIR ARGS...} as the agent claude. */
    private Cli.Result tf(String... args) {
        boolean json = args[0].equals("--json");
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        if (json) all.add("--json");
        int verb = json ? 1 : 0;
        all.addAll(List.of("tf", args[verb], "--chdir", dir.toString()));
        all.addAll(Arrays.asList(args).subList(verb + 1, args.length));
        return Cli.run(AGENT, all.toArray(String[]::new));
    }

    private static void assertRefused(Cli.Result r, String reason) {
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains(reason);
    }

    /** Enrolls approver alice in the store next to the config and returns her current code. */
    private String enrollAlice() {
        try (ApprovalStore store = ApprovalStore.open(dir.resolve("bulwark-approvals.db"))) {
            Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(store.addApprover("alice").otpauthUri());
            assertThat(m.find()).isTrue();
            return Totp.code(Base32.decode(m.group(1)), Totp.step(Instant.now()), Totp.DIGITS);
        }
    }

    private List<String> stateAddresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        Json.mapper().readTree(dir.resolve("terraform.tfstate").toFile()).path("resources")
                .forEach(r -> addresses.add(r.path("type").asText() + "." + r.path("name").asText()));
        return addresses;
    }

    private void terraform(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("terraform"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static String sha256(Path file) throws Exception {
        return FileDigests.sha256(file);
    }

    private static boolean terraformAvailable() {
        try {
            Process p = new ProcessBuilder("terraform", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
