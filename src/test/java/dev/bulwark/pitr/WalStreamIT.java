package dev.bulwark.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.testing.Cli;

/**
 * bulwark wal-stream against a real server that also archives with archive_command: the segments
 * it publishes are the ones archive_command pushes, byte for byte; the newest WAL is in the archive
 * seconds after its commit, with no segment switch; a restart resumes without a gap; both can
 * share one archive; a restore may replay the partial segment; a role without REPLICATION is told so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalStreamIT {
    static final long SEGMENT = 1024 * 1024;
    static final String SLOT = "bulwark_test";

    static Path repository;
    static Path streamRepository;
    static Path work;
    static ArchivingProduction production;
    /** Every wal-stream started, so that a failed test leaves none running. */
    final List<Process> started = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        repository = ArchivingProduction.newRepository();
        streamRepository = ArchivingProduction.newRepository();
        work = Files.createTempDirectory("bulwark-wal-stream");
        production = ArchivingProduction.start(repository, "app", "archive_timeout = 60");
        production.exec("CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL)");
    }

    @AfterEach
    void stopStreams() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (production != null) production.close();
        ArchivingProduction.deleteRepository(repository);
        ArchivingProduction.deleteRepository(streamRepository);
        ArchivingProduction.deleteRepository(work);
    }

    private static Path config(String name, Path repo, String urlWithSecret) throws Exception {
        return ArchivingProduction.writeConfig(work.resolve(name), repo, urlWithSecret);
    }

    private static String appUrl() {
        return production.urlWithSecretFromEnv();
    }

    /** wal-stream as its own process, as a service runs it; its output goes to {@code log}. */
    private Process stream(Path config, Path log, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "wal-stream"));
        args.addAll(List.of(options));
        Process p = Cli.builder(Map.of("APP_PW", production.password()), args.toArray(String[]::new))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        started.add(p);
        awaitLine(log, "streaming WAL of", p);
        return p;
    }

    private static String awaitLine(Path log, String text, Process p) throws Exception {
        return awaitLine(log, text, 1, p);
    }

    /** The {@code nth} line of wal-stream's output that contains {@code text}. */
    private static String awaitLine(Path log, String text, int nth, Process p) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            String out = Files.readString(log);
            List<String> found = out.lines().filter(l -> l.contains(text)).toList();
            if (found.size() >= nth) return found.get(nth - 1);
            if (!p.isAlive()) throw new IllegalStateException("wal-stream ended (" + p.exitValue() + "): " + out);
            Thread.sleep(50);
        }
        throw new IllegalStateException("no '" + text + "' from wal-stream in 60s: " + Files.readString(log));
    }

    /** SIGTERM, as a service manager stops it. */
    private static String stopStream(Process p, Path log) throws Exception {
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("wal-stream stops on SIGTERM").isTrue();
        return Files.readString(log);
    }

    private static void awaitFile(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException(file + " did not appear in 30s");
            Thread.sleep(50);
        }
    }

    private static byte[] content(Path archived) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchivedWalFile.extract(archived, out);
        return out.toByteArray();
    }

    private static long slotRestartLsn() throws Exception {
        return Lsn.parse(production.queryString("SELECT restart_lsn FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'"));
    }

    @Test
    @Order(1)
    void streamedSegmentsAreTheArchivedOnesAndACommitIsInTheArchiveSecondsLaterWithoutASwitch() throws Exception {
        Path log = work.resolve("stream-1.log");
        Process p = stream(config("stream.yaml", streamRepository, appUrl()), log, "--slot", SLOT, "--create-slot");
        for (int i = 0; i < 40; i++) {
            production.exec("INSERT INTO notes (note) SELECT repeat('w', 300) FROM generate_series(1, 50)");
            Thread.sleep(50);
        }
        String switched = production.switchAndWaitArchived(Duration.ofSeconds(60));
        Path streamed = WalArchive.of(streamRepository, "app").dir().resolve(switched + ".gz");
        awaitFile(streamed);
        Path pushed = production.archive().dir().resolve(switched + ".gz");
        assertThat(ArchivedWalFile.header(streamed)).as("same SHA-256 and size as archive_command's")
                .isEqualTo(ArchivedWalFile.header(pushed));
        assertThat(content(streamed)).isEqualTo(content(pushed));

        String marker = "rpo-" + UUID.randomUUID();
        // Not pg_walfile_name: at a segment boundary, it names the segment before.
        long insertAt = Lsn.parse(production.queryString("SELECT pg_current_wal_insert_lsn()"));
        String segment = WalFileName.segmentName(1, insertAt / SEGMENT, SEGMENT);
        production.exec("INSERT INTO notes (note) VALUES ('" + marker + "')");
        Thread.sleep(2000);
        Path partial = WalArchive.of(streamRepository, "app").partials().file(segment);
        assertThat(new String(Files.readAllBytes(partial), StandardCharsets.ISO_8859_1)).as("the commit's WAL is in the partial segment")
                .contains(marker);
        assertThat(production.archive().dir().resolve(segment + ".gz")).as("no segment switch brought it there").doesNotExist();

        long restart = slotRestartLsn();
        long segmentStart = WalFileName.parse(segment).segmentNumber(SEGMENT) * SEGMENT;
        assertThat(restart).as("the slot moved on once the archive had the WAL, and not further")
                .isBetween(segmentStart, segmentStart + Files.size(partial));

        String out = stopStream(p, log);
        assertThat(out).contains("archived " + switched).contains("stopped: WAL before").doesNotContain("REFUSED");
        assertThat(new String(Files.readAllBytes(partial), StandardCharsets.ISO_8859_1)).contains(marker);
    }

    @Test
    @Order(2)
    void aRestartAndABrokenConnectionResumeAfterTheNewestArchivedSegmentWithoutAGap() throws Exception {
        WalArchive streamed = WalArchive.of(streamRepository, "app");
        String newest = streamed.newestSegment().orElseThrow().name().name();
        production.exec("INSERT INTO notes (note) SELECT repeat('r', 300) FROM generate_series(1, 2000)");
        Path log = work.resolve("stream-2.log");
        Process p = stream(config("stream.yaml", streamRepository, appUrl()), log, "--slot", SLOT);
        assertThat(awaitLine(log, "streaming WAL of", p)).contains("after the newest archived segment " + newest);
        String first = production.switchAndWaitArchived(Duration.ofSeconds(60));
        awaitFile(streamed.dir().resolve(first + ".gz"));

        production.exec("INSERT INTO notes (note) SELECT repeat('b', 300) FROM generate_series(1, 500)");
        assertThat(production.queryString("SELECT count(pg_terminate_backend(active_pid)) FROM pg_replication_slots WHERE slot_name = '"
                + SLOT + "'")).as("the walsender of the slot is gone").isEqualTo("1");
        assertThat(awaitLine(log, "connection lost", p)).contains("retrying in 1.0s");
        assertThat(awaitLine(log, "streaming WAL of", 2, p)).contains("after the newest archived segment " + first);
        production.exec("INSERT INTO notes (note) SELECT repeat('a', 300) FROM generate_series(1, 500)");
        String switched = production.switchAndWaitArchived(Duration.ofSeconds(60));
        awaitFile(streamed.dir().resolve(switched + ".gz"));
        stopStream(p, log);

        List<WalFileName> names = streamed.list().stream().map(WalArchive.Entry::name).toList();
        assertThat(WalGaps.find(names, SEGMENT, 1, names.get(0).segmentNumber(SEGMENT), streamed.newestTimeline(),
                WalFileName.parse(switched).segmentNumber(SEGMENT))).as("no segment missing across the restart").isEmpty();
        assertThat(ArchivedWalFile.header(streamed.dir().resolve(switched + ".gz")))
                .isEqualTo(ArchivedWalFile.header(production.archive().dir().resolve(switched + ".gz")));
    }

    @Test
    @Order(3)
    void sharingArchiveCommandsArchivePitrCheckPassesAndARestoreMayReplayThePartialSegment() throws Exception {
        Path shared = config("shared.yaml", repository, appUrl());
        Cli.Result base = Cli.run(Map.of("APP_PW", production.password()), "--config", shared.toString(), "basebackup");
        assertThat(base.exit()).as(base.all()).isZero();
        Path log = work.resolve("stream-3.log");
        Process p = stream(shared, log);

        Cli.Result check = Cli.run(Map.of("APP_PW", production.password()), "--config", shared.toString(), "pitr", "check");
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out()).contains("PASS  wal-stream").contains("PASS  archive continuity");

        production.exec("CREATE TABLE late (marker text)");
        production.exec("INSERT INTO late VALUES ('only in the partial segment')");
        Thread.sleep(2000);
        PgBinaries binaries = PgBinaries.fromEnvironment(ArchivingProduction.ENV);
        PointInTimeRestore restore = new PointInTimeRestore(binaries, ArchivingProduction.ENV, Clock.systemUTC());
        try (RestoredCluster withPartial = restore.restore(repository, "app", new RecoveryTarget.Latest(), Duration.ofMinutes(5), true)) {
            assertThat(lateRows(withPartial)).isEqualTo(1);
        }
        try (RestoredCluster without = restore.restore(repository, "app", new RecoveryTarget.Latest(), Duration.ofMinutes(5))) {
            assertThat(lateRows(without)).as("the last finished segment predates the table").isEqualTo(-1);
        }
        String out = stopStream(p, log);
        assertThat(out).doesNotContain("REFUSED").doesNotContain("connection lost");
    }

    /** Rows in table late of the restored copy, -1 when the table is not there. */
    private static long lateRows(RestoredCluster restored) throws Exception {
        try (Connection c = Connections.open(restored.url("app"), "test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'late'")) {
            rs.next();
            if (rs.getLong(1) == 0) return -1;
        }
        try (Connection c = Connections.open(restored.url("app"), "test"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM late")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(4)
    void aRoleWithoutReplicationIsAnEnvironmentErrorThatKeepsThePasswordSecret() throws Exception {
        String password = "Nr-" + UUID.randomUUID();
        production.exec("CREATE ROLE no_replication LOGIN PASSWORD '" + password + "'");
        Path config = config("no-replication.yaml", streamRepository,
                appUrl().replace("postgres:${APP_PW}@", "no_replication:${NR_PW}@"));
        Cli.Result r = Cli.run(Map.of("NR_PW", password), "--config", config.toString(), "wal-stream");
        assertThat(r.exit()).as(r.all()).isEqualTo(3);
        assertThat(r.err()).contains("no_replication").contains("REPLICATION").contains("ALTER ROLE").doesNotContain(password);
    }
}
