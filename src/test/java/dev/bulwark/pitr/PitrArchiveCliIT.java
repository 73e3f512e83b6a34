package dev.bulwark.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;

/** The built CLI against a real archiving server: base backup, pitr check, refusals, damage, and a gap. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PitrArchiveCliIT {
    static Path repository;
    static Path work;
    static ArchivingProduction production;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        repository = ArchivingProduction.newRepository();
        work = Files.createTempDirectory("bulwark-pitr-cli");
        production = ArchivingProduction.start(repository, "app", "archive_timeout = 60");
        config = ArchivingProduction.writeConfig(work.resolve("bulwark.yaml"), repository, production.urlWithSecretFromEnv());
    }

    @AfterAll
    static void stop() throws Exception {
        if (production != null) production.close();
        ArchivingProduction.deleteRepository(repository);
        ArchivingProduction.deleteRepository(work);
    }

    private static Cli.Result bulwark(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return Cli.run(Map.of("APP_PW", production.password()), all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void basebackupThenPitrCheckPasses() throws Exception {
        Cli.Result base = bulwark("basebackup", "--json");
        assertThat(base.exit()).as(base.all()).isZero();
        JsonNode m = Json.mapper().readTree(base.out());
        assertThat(m.get("start_lsn").asText()).contains("/");
        assertThat(m.get("pg_verifybackup").get("version").asText()).startsWith("15");
        assertThat(Files.exists(repository.resolve("app/basebackups/" + m.get("backup_id").asText() + "/manifest.json"))).isTrue();
        production.exec("CREATE TABLE t AS SELECT g FROM generate_series(1, 20000) g");

        Cli.Result check = bulwark("pitr", "check");
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out()).contains("PASS  archive_command").contains("PASS  segment switch").contains("PASS  archive continuity")
                .contains("PASSED").doesNotContain(production.password());
    }

    @Test
    @Order(2)
    void foreignOrDifferentSegmentUnderAnArchivedNameIsRefusedAndIdenticalRepushSucceeds() throws Exception {
        String name = production.switchAndWaitArchived(java.time.Duration.ofSeconds(60));
        Path original = work.resolve(name);
        Cli.Result fetch = Cli.run("wal-fetch", "--archive", production.archive().dir().toString(), name, original.toString());
        assertThat(fetch.exit()).as(fetch.all()).isZero();
        Path stored = production.archive().dir().resolve(name + ".gz");
        byte[] before = Files.readAllBytes(stored);

        Cli.Result same = bulwark("wal-push", original.toString());
        assertThat(same.exit()).as(same.all()).isZero();

        byte[] foreign = Files.readAllBytes(original);
        ByteBuffer.wrap(foreign).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 4242424242L);
        Path foreignFile = Files.createDirectories(work.resolve("foreign")).resolve(name);
        Files.write(foreignFile, foreign);
        Cli.Result refusedForeign = bulwark("wal-push", foreignFile.toString());
        assertThat(refusedForeign.exit()).as(refusedForeign.all()).isEqualTo(1);
        assertThat(refusedForeign.err()).contains("REFUSED").contains("4242424242").contains("Two servers must not share one archive");

        byte[] changed = Files.readAllBytes(original);
        changed[changed.length / 2] ^= 0x5a;
        Path changedFile = Files.createDirectories(work.resolve("changed")).resolve(name);
        Files.write(changedFile, changed);
        Cli.Result refusedDifferent = bulwark("wal-push", changedFile.toString());
        assertThat(refusedDifferent.exit()).as(refusedDifferent.all()).isEqualTo(1);
        assertThat(refusedDifferent.err()).contains("REFUSED").contains("DIFFERENT file is already archived").contains("Nothing was overwritten");
        assertThat(Files.readAllBytes(stored)).as("the archived file is untouched").isEqualTo(before);
    }

    @Test
    @Order(3)
    void damagedArchivedFileIsNeverHandedToPostgres() throws Exception {
        String name = production.archive().newestSegment().orElseThrow().name().name();
        Path copy = Files.createDirectories(work.resolve("damaged-archive"));
        byte[] gz = Files.readAllBytes(production.archive().dir().resolve(name + ".gz"));
        gz[gz.length - 12] ^= 0x01;
        Files.write(copy.resolve(name + ".gz"), gz);
        Path dest = work.resolve("RECOVERYXLOG");
        Cli.Result r = Cli.run("wal-fetch", "--archive", copy.toString(), name, dest.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(126);
        assertThat(r.err()).contains("damaged").contains("stopping recovery");
        assertThat(Files.exists(dest)).isFalse();
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.contains("RECOVERYXLOG"));
        }

        Cli.Result missing = Cli.run("wal-fetch", "--archive", copy.toString(), "00000002.history", dest.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.all()).as("a missing file is not an error worth a log line").isEmpty();
    }

    @Test
    @Order(4)
    void restoreOntoProductionIsRefused() {
        Cli.Result r = bulwark("restore", "--to-time", "latest", "--target-url", production.urlText().replace("/app", "/copy"));
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to restore into").contains("production").doesNotContain(production.password());
    }

    @Test
    @Order(5)
    void aMissingSegmentIsFoundAsAGap() throws Exception {
        production.switchAndWaitArchived(java.time.Duration.ofSeconds(60));
        List<WalArchive.Entry> segments = production.archive().list().stream().filter(e -> e.name().isSegment()).toList();
        WalArchive.Entry victim = segments.get(segments.size() - 2);
        Files.delete(production.archive().dir().resolve(victim.name().name() + ".gz"));

        Cli.Result check = bulwark("pitr", "check", "--json");
        assertThat(check.exit()).as(check.all()).isEqualTo(1);
        JsonNode report = Json.mapper().readTree(check.out());
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("gaps").get(0).get("first").asText()).isEqualTo(victim.name().name());
        assertThat(check.out()).contains("archive continuity").contains("missing");
    }

    @Test
    @Order(6)
    void doctorScoresTheChecklistAndFailsWithoutAVerifiedBackup() throws Exception {
        Cli.Result doctor = bulwark("doctor", "--json");
        assertThat(doctor.exit()).as(doctor.all()).isEqualTo(1);
        JsonNode lines = Json.mapper().readTree(doctor.out()).get(0).get("lines");
        java.util.Map<String, String> status = new java.util.HashMap<>();
        lines.forEach(l -> status.put(l.get("name").asText(), l.get("status").asText()));
        assertThat(status).containsEntry("newest backup verified", "FAIL").containsEntry("PITR on, archive fresh", "PASS")
                .containsEntry("agents read-only", "WARN");
        assertThat(status.get("RPO declared")).isEqualTo("WARN");
        Cli.Result text = bulwark("doctor");
        assertThat(text.out()).contains("FAIL  newest backup verified").contains("fix: bulwark backup --db app").contains("UNHEALTHY");
    }
}
