package dev.bulwark.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

class BackupRepositoryTest {
    private static final Instant T1 = Instant.parse("2025-03-01T02:00:00Z");
    private static final Instant T2 = Instant.parse("2025-03-02T02:00:00Z");
    private static final Instant T3 = Instant.parse("2025-03-03T02:00:00Z");

    @TempDir
    Path root;

    private BackupRepository repo() {
        return new BackupRepository(root);
    }

    private static Manifest manifest(String id, Instant snapshotAt) {
        Map<String, Long> objects = new LinkedHashMap<>();
        objects.put("TABLE", 2L);
        objects.put("INDEX", 1L);
        Map<String, Long> durations = new LinkedHashMap<>();
        durations.put("dump", 1234L);
        durations.put("hash", 56L);
        return new Manifest(Manifest.FORMAT, id, "app",
                snapshotAt.minusMillis(1500), snapshotAt, snapshotAt.plusSeconds(3).plusNanos(123_456_789),
                new Manifest.Source("backup@db.internal:5432/app", "15.18 (Debian 15.18-0+deb12u1)", 150018,
                        "7339451281536549999", "app", "UTF8"),
                new Manifest.Dumper("/usr/lib/postgresql/15/bin/pg_dump", "15.18", 15,
                        List.of("--format=directory", "--snapshot=00000003-0000001B-1", "--jobs=2"), "UTC", 2),
                List.of(new Manifest.FileEntry("dump/toc.dat", 2838, "a".repeat(64)),
                        new Manifest.FileEntry("dump/3344.dat.gz", 25, "b".repeat(64))),
                List.of(new Manifest.TableCount("public", "t", 3), new Manifest.TableCount("public", "MixedCase Tbl", 0)),
                objects, durations);
    }

    private static Manifest publish(BackupRepository repo, Instant at) {
        PendingBackup pending = repo.begin("app", at);
        Manifest m = manifest(pending.id(), at);
        pending.publish(m);
        return m;
    }

    // --- pending, published, abandoned ---

    @Test
    void pendingBackupIsNotListed() throws IOException {
        BackupRepository repo = repo();

        PendingBackup pending = repo.begin("app", T1);
        Files.createDirectories(pending.dumpDir());
        Files.writeString(pending.dumpDir().resolve("toc.dat"), "partial");

        assertThat(pending.dir()).isEqualTo(repo.backupDir("app", pending.id())).isDirectory();
        assertThat(pending.dir().resolve(".in-progress")).isRegularFile();
        assertThat(pending.dumpDir()).isEqualTo(pending.dir().resolve("dump"));
        assertThat(repo.list("app")).isEmpty();
        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> repo.find("app", "latest"));
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        BulwarkException byId = catchThrowableOfType(BulwarkException.class, () -> repo.find("app", pending.id()));
        assertThat(byId.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(byId.getMessage()).contains(pending.id()).contains("incomplete");
    }

    @Test
    void idsSayWhen() {
        PendingBackup a = repo().begin("app", T1);
        assertThat(a.id()).matches("20250301T020000Z-[0-9a-f]{8}");
    }

    @Test
    void publishedBackupIsListed() {
        BackupRepository repo = repo();
        PendingBackup pending = repo.begin("app", T1);
        Manifest m = manifest(pending.id(), T1);

        Path file = pending.publish(m);

        assertThat(file).isEqualTo(pending.dir().resolve("manifest.json")).isRegularFile();
        assertThat(pending.dir().resolve(".in-progress")).doesNotExist();
        assertThat(repo.list("app")).containsExactly(m);
        assertThat(repo.find("app", pending.id())).isEqualTo(m);
        assertThat(repo.list("other")).isEmpty();
    }

    @Test
    void abandonRemovesTheDirectory() throws IOException {
        BackupRepository repo = repo();
        PendingBackup pending = repo.begin("app", T1);
        Files.createDirectories(pending.dumpDir().resolve("sub"));
        Files.writeString(pending.dumpDir().resolve("sub/3344.dat.gz"), "x");

        pending.abandon();

        assertThat(pending.dir()).doesNotExist();
        assertThat(repo.list("app")).isEmpty();
        pending.abandon(); // a second call is harmless
    }

    @Test
    void abandonAfterPublishKeepsTheBackup() {
        BackupRepository repo = repo();
        PendingBackup pending = repo.begin("app", T1);
        Manifest m = manifest(pending.id(), T1);
        pending.publish(m);

        pending.abandon();

        assertThat(pending.dir()).isDirectory();
        assertThat(repo.list("app")).containsExactly(m);
    }

    // --- sweeping what dead writers left ---

    @Test
    void sweepRemovesDeadWritersBackupsAndKeepsLiveOnes() throws IOException {
        BackupRepository repo = repo();
        Manifest complete = publish(repo, T1);
        PendingBackup live = repo.begin("app", T2);
        Path dead = repo.backupDir("app", "20250302T010000Z-dead");
        Files.createDirectories(dead.resolve("dump"));
        Files.writeString(dead.resolve("dump/toc.dat"), "partial");
        Files.writeString(dead.resolve(".in-progress"), "999999999 0");

        List<String> swept = repo.sweepIncomplete("app");

        assertThat(swept).containsExactly("20250302T010000Z-dead");
        assertThat(dead).doesNotExist();
        assertThat(live.dir()).isDirectory();
        assertThat(repo.backupDir("app", complete.backupId())).isDirectory();
        assertThat(repo.list("app")).containsExactly(complete);
    }

    @Test
    void sweepTreatsAReusedPidAsDead() throws IOException {
        // Our own pid, but a different start time: the process that wrote the mark is gone.
        BackupRepository repo = repo();
        Path reused = repo.backupDir("app", "20250302T010000Z-beef");
        Files.createDirectories(reused);
        Files.writeString(reused.resolve(".in-progress"), ProcessHandle.current().pid() + " 12345");

        assertThat(repo.sweepIncomplete("app")).containsExactly("20250302T010000Z-beef");
        assertThat(reused).doesNotExist();
    }

    @Test
    void sweepRemovesDirectoriesWithoutAnyMark() throws IOException {
        BackupRepository repo = repo();
        Path orphan = Files.createDirectories(repo.backupDir("app", "20250302T010000Z-0rph"));
        Path garbage = Files.createDirectories(repo.backupDir("app", "20250302T010000Z-junk"));
        Files.writeString(garbage.resolve(".in-progress"), "not a pid");

        assertThat(repo.sweepIncomplete("app")).containsExactlyInAnyOrder("20250302T010000Z-0rph", "20250302T010000Z-junk");
        assertThat(orphan).doesNotExist();
        assertThat(garbage).doesNotExist();
    }

    @Test
    void sweepOfUnknownDatabaseIsEmpty() {
        assertThat(repo().sweepIncomplete("nothing")).isEmpty();
    }

    @Test
    void sweepKeepsBackupsWithACorruptManifest() throws IOException {
        // Not complete, but not ours to delete either: it has a manifest, so it was published.
        BackupRepository repo = repo();
        Path dir = Files.createDirectories(repo.backupDir("app", "20250301T000000Z-bad0"));
        Files.writeString(dir.resolve("manifest.json"), "{ \"format\": 1, \"backup_id\": ");

        assertThat(repo.sweepIncomplete("app")).isEmpty();
        assertThat(dir).isDirectory();
    }

    // --- what is never listed ---

    @Test
    void corruptManifestIsNeverListed() throws IOException {
        BackupRepository repo = repo();
        Manifest good = publish(repo, T1);
        Path truncated = Files.createDirectories(repo.backupDir("app", "20250302T000000Z-0001"));
        Files.writeString(truncated.resolve("manifest.json"), "{ \"format\": 1, \"backup_id\": \"20250302T000000Z-0001\", ");
        Path empty = Files.createDirectories(repo.backupDir("app", "20250303T000000Z-0002"));
        Files.writeString(empty.resolve("manifest.json"), "");
        Path notAnObject = Files.createDirectories(repo.backupDir("app", "20250304T000000Z-0003"));
        Files.writeString(notAnObject.resolve("manifest.json"), "[1, 2, 3]");
        Path binary = Files.createDirectories(repo.backupDir("app", "20250305T000000Z-0004"));
        Files.write(binary.resolve("manifest.json"), new byte[] {(byte) 0xff, 0, 1, 2});
        Path futureFormat = Files.createDirectories(repo.backupDir("app", "20250306T000000Z-0005"));
        Files.writeString(futureFormat.resolve("manifest.json"),
                "{\"format\": 2, \"backup_id\": \"20250306T000000Z-0005\", \"snapshot_at\": \"2025-03-06T00:00:00Z\"}");
        Path noId = Files.createDirectories(repo.backupDir("app", "20250307T000000Z-0006"));
        Files.writeString(noId.resolve("manifest.json"), "{\"format\": 1, \"snapshot_at\": \"2025-03-07T00:00:00Z\"}");

        assertThat(repo.list("app")).containsExactly(good);
        assertThat(repo.find("app", "latest")).isEqualTo(good);
        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> repo.find("app", "20250302T000000Z-0001"));
        assertThat(e.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(e.getMessage()).contains("20250302T000000Z-0001").contains("manifest.json").contains("not usable");
    }

    @Test
    void manifestWithoutSnapshotTimeIsNotListedAndBreaksNothing() throws IOException {
        // Valid JSON, right format and id, but no snapshot time: it cannot be ordered, so it cannot be
        // "latest", and it must not make listing the good backups fail.
        BackupRepository repo = repo();
        Manifest good = publish(repo, T1);
        Path dir = Files.createDirectories(repo.backupDir("app", "20250302T000000Z-0007"));
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": 1, \"backup_id\": \"20250302T000000Z-0007\"}");

        assertThat(repo.list("app")).containsExactly(good);
        assertThat(repo.find("app", "latest")).isEqualTo(good);
    }

    @Test
    void filesNextToBackupDirectoriesAreIgnored() throws IOException {
        BackupRepository repo = repo();
        Manifest m = publish(repo, T1);
        Files.writeString(repo.backupsDir("app").resolve("README"), "not a backup");

        assertThat(repo.list("app")).containsExactly(m);
        assertThat(repo.sweepIncomplete("app")).isEmpty();
    }

    // --- finding ---

    @Test
    void latestIsTheNewestSnapshot() {
        BackupRepository repo = repo();
        Manifest middle = publish(repo, T2);
        Manifest newest = publish(repo, T3);
        Manifest oldest = publish(repo, T1);

        assertThat(repo.list("app")).containsExactly(oldest, middle, newest);
        assertThat(repo.find("app", "latest")).isEqualTo(newest);
        assertThat(repo.find("app", null)).isEqualTo(newest);
        assertThat(repo.find("app", oldest.backupId())).isEqualTo(oldest);
    }

    @Test
    void latestOfNothingIsAUsageError() {
        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> repo().find("app", "latest"));
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("no complete backup of 'app'").contains("bulwark backup");
    }

    @Test
    void unknownIdIsAUsageError() {
        BackupRepository repo = repo();
        publish(repo, T1);

        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> repo.find("app", "20990101T000000Z-ffff"));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("no backup '20990101T000000Z-ffff'").contains("bulwark backups list");
    }

    @Test
    void pathLikeIdIsRejected() throws IOException {
        BackupRepository repo = repo();
        Manifest m = publish(repo, T1);
        // A valid backup reachable by a relative path must still not be found that way.
        String sneaky = "../backups/" + m.backupId();

        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> repo.find("app", sneaky));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("is not a backup id");
    }

    // --- verification records ---

    public record Evidence(String backupId, boolean verified, long rows, List<String> notes) {}

    @Test
    void recordVerificationRoundTrips() {
        BackupRepository repo = repo();
        Manifest m = publish(repo, T1);
        Evidence first = new Evidence(m.backupId(), false, 3, List.of("role app missing"));
        Evidence second = new Evidence(m.backupId(), true, 3, List.of());

        Path f2 = repo.recordVerification("app", m.backupId(), T2.plusMillis(7), second);
        Path f1 = repo.recordVerification("app", m.backupId(), T2, first);

        assertThat(f1).isRegularFile().hasFileName("20250302T020000.000Z.json");
        assertThat(f2).hasFileName("20250302T020000.007Z.json");
        assertThat(f1.getParent()).isEqualTo(repo.verificationsDir("app", m.backupId()));
        assertThat(repo.verifications("app", m.backupId(), Evidence.class)).containsExactly(first, second);
    }

    @Test
    void verificationsOfUnverifiedBackupAreEmpty() {
        assertThat(repo().verifications("app", "20250301T020000Z-0000", Evidence.class)).isEmpty();
    }

    @Test
    void damagedVerificationRecordIsSkipped() throws IOException {
        BackupRepository repo = repo();
        Evidence ok = new Evidence("b", true, 1, List.of());
        Path good = repo.recordVerification("app", "b", T1, ok);
        Files.writeString(good.resolveSibling("20250301T030000.000Z.json"), "{ broken");
        Files.writeString(good.resolveSibling("notes.txt"), "ignored");
        Files.writeString(good.resolveSibling(".20250301T040000.000Z.json.tmp"), "{}");

        assertThat(repo.verifications("app", "b", Evidence.class)).containsExactly(ok);
    }

    // --- the manifest file ---

    @Test
    void manifestJsonIsValidAndRoundTrips() throws IOException {
        BackupRepository repo = repo();
        PendingBackup pending = repo.begin("app", T1);
        Manifest m = manifest(pending.id(), T1);

        Path file = pending.publish(m);

        String json = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode tree = new ObjectMapper().readTree(json); // any JSON parser, not Bulwark's dialect
        assertThat(tree.isObject()).isTrue();
        assertThat(tree.get("format").asInt()).isEqualTo(1);
        assertThat(tree.get("backup_id").asText()).isEqualTo(pending.id());
        assertThat(tree.get("snapshot_at").asText()).isEqualTo("2025-03-01T02:00:00Z");
        assertThat(tree.get("finished_at").asText()).isEqualTo("2025-03-01T02:00:03.123456789Z");
        assertThat(tree.get("source").get("system_identifier").asText()).isEqualTo("7339451281536549999");
        assertThat(tree.get("files")).hasSize(2);
        assertThat(tree.get("tables").get(1).get("name").asText()).isEqualTo("MixedCase Tbl");

        Manifest back = Json.mapper().readValue(json, Manifest.class);
        assertThat(back).isEqualTo(m);
        assertThat(BackupRepository.readManifest(pending.dir())).contains(m);
    }

    @Test
    void manifestTotals() {
        Manifest m = manifest("x", T1);
        assertThat(m.totalSize()).isEqualTo(2838 + 25);
        assertThat(m.totalRows()).isEqualTo(3);
        assertThat(m.source().major()).isEqualTo(15);
        assertThat(m.tables().get(1).qualified()).isEqualTo("public.MixedCase Tbl");
    }

    @Test
    void publishLeavesNoTemporaryFiles() throws IOException {
        BackupRepository repo = repo();
        PendingBackup pending = repo.begin("app", T1);
        pending.publish(manifest(pending.id(), T1));

        try (Stream<Path> files = Files.list(pending.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("manifest.json");
        }
    }

    @Test
    void layoutFollowsTheDesign() {
        BackupRepository repo = repo();
        assertThat(repo.root()).isEqualTo(root);
        assertThat(repo.backupsDir("app")).isEqualTo(root.resolve("app/backups"));
        assertThat(repo.backupDir("app", "id1")).isEqualTo(root.resolve("app/backups/id1"));
        assertThat(repo.verificationsDir("app", "id1")).isEqualTo(root.resolve("app/verifications/id1"));
    }
}
