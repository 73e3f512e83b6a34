package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.Production;

/**
 * A backup killed half-way must never look usable: not listed, not verifiable, swept by the next
 * run. pg_dump is made slow (a wrapper that finishes the dump, then waits) so the kill lands
 * after data files exist but before the manifest.
 */
class KilledBackupIT {
    static Production production;

    @TempDir
    static Path dir;

    static Path config;
    static Path slowBin;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app", "CREATE TABLE t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 5000) g");
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, "databases:\n  app:\n    url: " + production.url() + "\nrepository: { path: " + dir.resolve("repo") + " }\n");
        slowBin = Files.createDirectories(dir.resolve("slow-bin"));
        Path realDump = PgBinaries.fromEnvironment(Production.ENV).require("pg_dump", 13, "").path();
        Path script = slowBin.resolve("pg_dump");
        Files.writeString(script, "#!/bin/sh\n'" + realDump + "' \"$@\" || exit $?\ncase \"$1\" in --version) exit 0;; esac\nsleep 120\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private Path startAndWaitForDump(boolean hardKill) throws Exception {
        Process p = Cli.builder(Map.of("BULWARK_PG_BIN", slowBin.toString()), "--config", config.toString(), "backup")
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path backups = dir.resolve("repo/app/backups");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Path toc = null;
        while (toc == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            if (Files.isDirectory(backups)) {
                try (Stream<Path> s = Files.list(backups)) {
                    toc = s.map(b -> b.resolve("dump/toc.dat")).filter(Files::exists).findFirst().orElse(null);
                }
            }
        }
        assertThat(toc).as("the dump started").isNotNull();
        var children = p.descendants().toList();
        if (hardKill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        p.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
        return toc.getParent().getParent();
    }

    @Test
    void hardKilledBackupIsNeverListedAndIsSweptNextRun() throws Exception {
        Path half = startAndWaitForDump(true);
        String id = half.getFileName().toString();
        assertThat(half.resolve("manifest.json")).doesNotExist();

        Cli.Result list = Cli.run("--config", config.toString(), "backups", "list");
        assertThat(list.out()).doesNotContain(id);
        Cli.Result verify = Cli.run("--config", config.toString(), "verify", "--backup", id);
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.err()).contains("incomplete");
        Cli.Result latest = Cli.run("--config", config.toString(), "verify");
        assertThat(latest.exit()).isEqualTo(2);

        Cli.Result next = Cli.run("--config", config.toString(), "backup");
        assertThat(next.exit()).as(next.all()).isZero();
        assertThat(next.err()).contains(id);
        assertThat(half).doesNotExist();
        assertThat(Cli.run("--config", config.toString(), "verify").exit()).isZero();
    }

    @Test
    void serverThatDisappearsMidBackupLeavesNothingUsable() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("late-bin"));
        Path realDump = PgBinaries.fromEnvironment(Production.ENV).require("pg_dump", 13, "").path();
        Path script = bin.resolve("pg_dump");
        Files.writeString(script, "#!/bin/sh\ncase \"$1\" in --version) exec '" + realDump + "' \"$@\";; esac\n"
                + "touch '" + dir.resolve("dump-started") + "'\nsleep 3\nexec '" + realDump + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Production doomed = Production.start("doomed", "CREATE TABLE t AS SELECT g FROM generate_series(1, 1000) g")) {
            Path cfg = dir.resolve("doomed.yaml");
            Files.writeString(cfg, "databases:\n  doomed:\n    url: " + doomed.url() + "\nrepository: { path: " + dir.resolve("repo2") + " }\n");
            Process p = Cli.builder(Map.of("BULWARK_PG_BIN", bin.toString()), "--config", cfg.toString(), "backup")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("doomed.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(dir.resolve("dump-started")) && System.nanoTime() < deadline) Thread.sleep(50);
            doomed.close();
            p.waitFor();
            String out = Files.readString(dir.resolve("doomed.log"));
            assertThat(p.exitValue()).as(out).isEqualTo(3);
            assertThat(out).contains("nothing was published").doesNotContain(doomed.password());
            Path backups = dir.resolve("repo2/doomed/backups");
            if (Files.isDirectory(backups)) {
                try (Stream<Path> left = Files.list(backups)) {
                    assertThat(left).isEmpty();
                }
            }
        }
    }

    @Test
    void terminatedBackupRemovesItsOwnLeftovers() throws Exception {
        Path half = startAndWaitForDump(false);
        assertThat(half).doesNotExist();
    }
}
