package dev.bulwark.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.approval.Base32;
import dev.bulwark.gate.approval.ChangeRequest;
import dev.bulwark.gate.approval.NewPlanRequest;
import dev.bulwark.gate.approval.SavedPlan;
import dev.bulwark.gate.approval.Totp;
import dev.bulwark.repository.FileDigests;

/**
 * The verdict on a plan file by its hash, as the hooks ask for it. Plans with a request are decided
 * without terraform (here there is none); a plan without one that terraform cannot read is refused.
 */
class PlanGateTest {
    @TempDir
    Path dir;
    ApprovalStore store;
    PlanGate gate;
    Path plan;

    @BeforeEach
    void open() throws Exception {
        store = ApprovalStore.open(dir.resolve("approvals.db"));
        gate = new PlanGate(store, Terraform.of(dir.resolve("no-terraform"), Map.of()), DataBearingTypes.builtIn());
        plan = Files.write(dir.resolve("bulwark.tfplan"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aPlanIsDecidedByTheRequestBoundToItsExactBytes() throws Exception {
        ChangeRequest r = hold(plan);
        assertThat(gate.check(plan, dir)).isInstanceOfSatisfying(PlanVerdict.Refused.class, v -> {
            assertThat(v.mayApply()).isFalse();
            assertThat(v.request().id()).isEqualTo(r.id());
            assertThat(v.reason()).contains("waits for approval as request " + r.id()).contains("0 of 1 approvals");
        });
        store.approve(r.id(), "alice", aliceCode());
        PlanVerdict approved = gate.check(plan, dir);
        assertThat(approved.mayApply()).isTrue();
        assertThat(approved.reason()).contains("approved as request " + r.id() + " by alice");
        assertThat(approved.planSha256()).isEqualTo(FileDigests.sha256(plan));

        Files.write(plan, new byte[] {'P', 'K', 3, 4, 1, 2, 4});
        assertThat(gate.check(plan, dir)).isInstanceOfSatisfying(PlanVerdict.Refused.class, v -> {
            assertThat(v.request()).isNull();
            assertThat(v.reason()).contains("no request was made for this plan file").contains("install Terraform");
        });
        Files.write(plan, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        store.beginPlanApply(r.id(), approved.planSha256());
        store.markExecuted(r.id(), "{}");
        assertThat(gate.check(plan, dir).reason()).contains("already applied (request " + r.id() + ", succeeded");
    }

    @Test
    void aDeniedPlanStaysRefusedAndAMissingFileIsAUsageError() {
        ChangeRequest r = hold(plan);
        store.addApprover("bob");
        store.deny(r.id(), "bob", null, "that is the production database");
        assertThat(gate.check(plan, dir).reason()).contains("denied by bob: that is the production database");
        assertThatThrownBy(() -> gate.check(dir.resolve("missing.tfplan"), dir))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("no plan file");
    }

    private ChangeRequest hold(Path file) {
        try {
            return store.createPlanRequest(new NewPlanRequest("claude", new SavedPlan(dir.toString(), file.toString()),
                    FileDigests.sha256(file), "terraform plan destroys 1 resource", "terraform plan destroys 1 resource",
                    null, 1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String aliceCode() {
        Matcher m = Pattern.compile("secret=([A-Z2-7]+)").matcher(store.addApprover("alice").otpauthUri());
        assertThat(m.find()).isTrue();
        return Totp.code(Base32.decode(m.group(1)), Totp.step(Instant.now()), Totp.DIGITS);
    }
}
