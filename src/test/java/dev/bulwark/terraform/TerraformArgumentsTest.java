package dev.bulwark.terraform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

class TerraformArgumentsTest {
    @Test
    void applyRefusesEverySpellingOfAutoApproveAndDestroy() {
        for (String arg : List.of("-auto-approve", "-auto-approve=true", "-auto-approve=false", "--auto-approve", "-AUTO-APPROVE")) {
            assertRefused(() -> TerraformArguments.checkApply("bulwark.tfplan", List.of(arg)), "never skips the approval");
        }
        assertRefused(() -> TerraformArguments.checkApply("destroy", List.of()), "never runs terraform destroy");
        assertRefused(() -> TerraformArguments.checkApply(null, List.of("-destroy")), "never runs terraform destroy");
        assertRefused(() -> TerraformArguments.checkApply("plan", List.of("destroy")), "never runs terraform destroy");
    }

    @Test
    void applyPassesOnlyOptionsAboutHowThePlanRuns() {
        assertThatCode(() -> TerraformArguments.checkApply("p.tfplan",
                List.of("-parallelism=2", "-lock=false", "-lock-timeout=30s", "-compact-warnings"))).doesNotThrowAnyException();
        for (String arg : List.of("-replace=aws_db_instance.main", "-target=x", "-var=a=b", "-state-out=x", "-refresh-only", "other.tfplan")) {
            assertRefused(() -> TerraformArguments.checkApply("p.tfplan", List.of(arg)), arg);
        }
    }

    @Test
    void planLeavesToBulwarkWhatBulwarkSets() {
        assertThatCode(() -> TerraformArguments.checkPlan(List.of("-var-file=prod.tfvars", "-destroy", "-target=x", "-refresh=false")))
                .doesNotThrowAnyException();
        for (String arg : List.of("-out=x", "-input=true", "-detailed-exitcode", "-json", "-chdir=x", "dir")) {
            assertThatThrownBy(() -> TerraformArguments.checkPlan(List.of(arg))).isInstanceOfSatisfying(BulwarkException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED))
                .hasMessageContaining(message);
    }
}
