package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command lines take the quick path, and that it answers like the picocli commands. */
class WalQuickStartTest {
    @TempDir
    Path dir;

    @Test
    void plainPushAndFetchInvocationsAreRecognised() {
        assertThat(WalQuickStart.parse("wal-push", "--archive", "/a", "pg_wal/000000010000000000000003")).get()
                .satisfies(i -> {
                    assertThat(i.isPush()).isTrue();
                    assertThat(i.archive()).isEqualTo(Path.of("/a"));
                    assertThat(i.arguments()).containsExactly("pg_wal/000000010000000000000003");
                });
        assertThat(WalQuickStart.parse("--config", "/etc/b.yaml", "--json", "wal-push", "--db=app", "x")).get()
                .satisfies(i -> {
                    assertThat(i.config()).isEqualTo(Path.of("/etc/b.yaml"));
                    assertThat(i.json()).isTrue();
                    assertThat(i.db()).isEqualTo("app");
                });
        assertThat(WalQuickStart.parse("wal-fetch", "--include-partial", "--archive=/a", "00000002.history", "pg_wal/RECOVERYHISTORY"))
                .get().satisfies(i -> {
                    assertThat(i.includePartial()).isTrue();
                    assertThat(i.arguments()).containsExactly("00000002.history", "pg_wal/RECOVERYHISTORY");
                });
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        for (List<String> args : List.<List<String>>of(
                List.of("wal-push", "--help"), List.of("--version"), List.of("wal-push"), List.of("wal-push", "a", "b"),
                List.of("wal-fetch", "a"), List.of("wal-push", "--bogus", "a"), List.of("wal-push", "--db", "a", "--db", "b", "f"),
                List.of("--db", "app", "wal-push", "f"), List.of("wal-push", "--include-partial", "f"), List.of("wal-push", "@args"),
                List.of("wal-push", "--archive"), List.of("wal-push", "--", "f"), List.of("backup"), List.of())) {
            assertThat(WalQuickStart.parse(args.toArray(String[]::new))).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void pushAndFetchGiveTheCommandsExitCodes() throws Exception {
        Path file = dir.resolve("000000010000000000000003");
        Files.write(file, new byte[8192]);
        Path archive = dir.resolve("wal");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, "--json", "wal-push", "--archive", archive.toString(), file.toString())).isZero();
        assertThat(out.toString()).contains("\"outcome\" : \"ARCHIVED\"");
        assertThat(run(out, err, "wal-fetch", "--archive", archive.toString(), "000000010000000000000003", dir.resolve("back").toString()))
                .isZero();
        assertThat(dir.resolve("back")).hasSameBinaryContentAs(file);
        assertThat(run(out, err, "wal-fetch", "--archive", archive.toString(), "000000010000000000000004", dir.resolve("x").toString()))
                .isEqualTo(1);
        assertThat(run(out, err, "wal-fetch", "--archive", archive.toString(), "not-a-wal-file", dir.resolve("x").toString()))
                .isEqualTo(WalQuickStart.ABORT_RECOVERY);
        assertThat(err.toString()).contains("bulwark wal-fetch: 'not-a-wal-file' is not the name of a WAL file")
                .contains("stopping recovery");
        StringWriter pushErr = new StringWriter();
        assertThat(run(out, pushErr, "wal-push", "--archive", archive.toString(), dir.resolve("000000010000000000000009").toString()))
                .isEqualTo(2);
        assertThat(pushErr.toString()).startsWith("bulwark: cannot archive").contains("no such file");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        return WalQuickStart.run(WalQuickStart.parse(args).orElseThrow(), new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
    }
}
