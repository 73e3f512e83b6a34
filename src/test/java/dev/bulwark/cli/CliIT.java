package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.Production;

/** The built CLI end to end: backup, verify, listing, reports and exit codes, against a real server. */
class CliIT {
    static Production production;

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app", Production.resource("tricky.sql"));
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, """
                databases:
                  app:
                    url: %s
                    rpo: 15m
                    rto: 1h
                    critical_tables:
                      - table: public.cache
                        min_rows: 500
                    checks:
                      - name: every child has a name
                        sql: SELECT count(*) = 0 FROM child WHERE name IS NULL
                repository: { path: %s }
                """.formatted(production.urlWithoutPassword().replace("@", ":${APP_PW}@"), dir.resolve("repo")));
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static Map<String, String> env() {
        return Map.of("APP_PW", production.password());
    }

    @Test
    void backupVerifyListShowWithJsonAndJunit() throws Exception {
        Cli.Result backup = Cli.run(env(), "--config", config.toString(), "backup", "--json");
        assertThat(backup.exit()).as(backup.all()).isZero();
        JsonNode b = Json.mapper().readTree(backup.out());
        String id = b.get("backup_id").asText();
        assertThat(b.get("rows").asLong()).isPositive();
        assertThat(backup.all()).doesNotContain(production.password());

        Cli.Result before = Cli.run(env(), "--config", config.toString(), "backups", "list");
        assertThat(before.exit()).isZero();
        assertThat(before.out()).contains(id).contains("never verified");

        Path junit = dir.resolve("reports/verify.xml");
        Cli.Result verify = Cli.run(env(), "--config", config.toString(), "verify", "--backup", id, "--junit", junit.toString());
        assertThat(verify.exit()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("VERIFIED").contains("Sales Data.Order Lines").contains("identical");
        assertThat(verify.all()).doesNotContain(production.password());
        var xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        int cases = xml.getElementsByTagName("testcase").getLength();
        assertThat(cases).isGreaterThan(10);
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();

        Cli.Result list = Cli.run(env(), "--config", config.toString(), "backups", "list", "--json");
        JsonNode entry = Json.mapper().readTree(list.out()).get(0);
        assertThat(entry.get("verification").asText()).isEqualTo("verified");
        assertThat(entry.get("restore_ms").asLong()).isPositive();

        Cli.Result show = Cli.run(env(), "--config", config.toString(), "backups", "show", id);
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("verified at").contains("public.cache").contains("500");
    }

    @Test
    void failedVerificationExitsOneAndIsListedWithItsReason() throws Exception {
        Cli.Result backup = Cli.run(env(), "--config", config.toString(), "backup");
        assertThat(backup.exit()).as(backup.all()).isZero();
        String id = backup.out().trim();
        Path dump = dir.resolve("repo/app/backups").resolve(id).resolve("dump");
        try (var files = Files.list(dump)) {
            Path data = files.filter(p -> p.toString().endsWith(".dat.gz")).findFirst().orElseThrow();
            Files.write(data, new byte[] {1, 2, 3});
        }
        Cli.Result verify = Cli.run(env(), "--config", config.toString(), "--json", "verify", "--backup", id);
        assertThat(verify.exit()).isEqualTo(1);
        JsonNode report = Json.mapper().readTree(verify.out());
        assertThat(report.get("verified").asBoolean()).isFalse();
        assertThat(report.get("checks").toString()).contains("the manifest says");

        Cli.Result list = Cli.run(env(), "--config", config.toString(), "backups", "list");
        assertThat(list.out()).contains(id + " ").containsPattern("FAILED at \\S+: ");
    }

    @Test
    void configurationMistakesExitTwoNamingFileLineAndKey() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "databases:\n  app:\n    url: postgresql://x@localhost/app\n    rpoo: 15m\n");
        Cli.Result r = Cli.run("--config", bad.toString(), "backup");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(bad.toString() + ":4").contains("rpoo").contains("did you mean 'rpo'");

        Cli.Result missing = Cli.run("--config", dir.resolve("nope.yaml").toString(), "backups", "list");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("not found");

        Cli.Result noEnv = Cli.run(Map.of(), "--config", config.toString(), "backup");
        assertThat(noEnv.exit()).isEqualTo(2);
        assertThat(noEnv.err()).contains("APP_PW");

        Cli.Result badOption = Cli.run("verify", "--bogus");
        assertThat(badOption.exit()).isEqualTo(2);
    }

    @Test
    void unreachableServerIsAnEnvironmentError() throws Exception {
        Path cfg = dir.resolve("down.yaml");
        Files.writeString(cfg, "databases:\n  app:\n    url: postgresql://u:s3cret-pw@127.0.0.1:1/app\nrepository: { path: "
                + dir.resolve("repo-down") + " }\n");
        Cli.Result r = Cli.run("--config", cfg.toString(), "backup");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("cannot connect").contains("127.0.0.1:1").doesNotContain("s3cret-pw");
        assertThat(Files.exists(dir.resolve("repo-down/app/backups"))).isFalse();
    }

    @Test
    void verificationServerTargetAndRefusalToRestoreIntoProduction() throws Exception {
        try (Production verifier = Production.start("scratch")) {
            Path cfg = dir.resolve("target.yaml");
            String base = Files.readString(config);
            Files.writeString(cfg, base + "verification:\n  url: " + verifier.urlWithoutPassword().replace("/scratch", "/postgres")
                    .replace("@", ":${VERIFY_PW}@") + "\n");
            Map<String, String> env = Map.of("APP_PW", production.password(), "VERIFY_PW", verifier.password());
            assertThat(Cli.run(env, "--config", cfg.toString(), "backup").exit()).isZero();
            Cli.Result noRoles = Cli.run(env, "--config", cfg.toString(), "verify");
            assertThat(noRoles.exit()).isEqualTo(1);
            assertThat(noRoles.out()).contains("environment").contains("lacks role app_owner");

            verifier.exec("CREATE ROLE app_owner; CREATE ROLE \"Ai Reader\"");
            Cli.Result ok = Cli.run(env, "--config", cfg.toString(), "verify");
            assertThat(ok.exit()).as(ok.all()).isZero();
            assertThat(ok.out()).contains("verification server");
            assertThat(verifier.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'bulwark_verify_%'")).isZero();

            Path prodTarget = dir.resolve("prod-target.yaml");
            Files.writeString(prodTarget, base + "verification:\n  url: " + production.urlWithoutPassword()
                    .replace("@", ":${APP_PW}@") + "\n");
            Cli.Result refused = Cli.run(env, "--config", prodTarget.toString(), "verify");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("refusing").contains("production");
            assertThat(production.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'bulwark_verify_%'")).isZero();
        }
    }

    @Test
    void helpOnEveryCommand() {
        for (List<String> cmd : List.of(List.of("--help"), List.of("backup", "--help"), List.of("verify", "--help"),
                List.of("backups", "list", "--help"), List.of("backups", "show", "--help"), List.of("demo", "--help"))) {
            Cli.Result r = Cli.run(cmd.toArray(String[]::new));
            assertThat(r.exit()).as(cmd.toString()).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }
}
