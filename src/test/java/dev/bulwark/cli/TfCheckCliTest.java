package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark tf check --plan-json}: a plan's destructive changes without terraform or a store, exit 0 or 1. */
class TfCheckCliTest {
    @TempDir
    Path dir;

    @Test
    void aDestructivePlanExitsOneAndNamesItsChanges() {
        String[] out = new String[2];
        int exit = run(out, "tf", "check", "--plan-json", fixture("aws-rds-removed.json"));
        assertThat(exit).isEqualTo(1);
        assertThat(out[0]).contains("the plan destroys 1 resource (1 data-bearing):")
                .contains("delete  aws_db_instance.main  [DATA-BEARING]")
                .contains("- deletion_protection = false").contains("- skip_final_snapshot = true")
                .contains("prevent_destroy");
    }

    @Test
    void aPlanThatOnlyForgetsExitsZeroAndJsonSaysSo() {
        String[] out = new String[2];
        assertThat(run(out, "--json", "tf", "check", "--plan-json", fixture("terraform-data-forget.json"))).isZero();
        assertThat(out[0]).contains("\"destructive\" : false").contains("\"effect\" : \"FORGET\"");
        assertThat(run(out, "tf", "check", "--plan-json", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(out[1]).contains("terraform show -json");
    }

    private int run(String[] out, String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve("bulwark.yaml").toString(); // absent: the built-in data-bearing list
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = Main.run(new PrintWriter(stdout), new PrintWriter(stderr), all);
        out[0] = stdout.toString();
        out[1] = stderr.toString();
        return exit;
    }

    private static String fixture(String name) {
        return Path.of("src/test/resources/terraform", name).toAbsolutePath().toString();
    }
}
