package dev.bulwark.pitr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgBinaries;

/**
 * The point of PITR: rows are written continuously, at T+2s someone drops the table, and a restore
 * to T brings the table back with every row committed before T and none begun after it.
 */
class PitrRestoreIT {
    static Path repository;
    static ArchivingProduction production;

    @BeforeAll
    static void start() throws Exception {
        repository = ArchivingProduction.newRepository();
        production = ArchivingProduction.start(repository, "app", "archive_timeout = 60");
    }

    @AfterAll
    static void stop() throws Exception {
        if (production != null) production.close();
        ArchivingProduction.deleteRepository(repository);
    }

    /**
     * Heartbeats every 200 ms; at X everything is archived, then three more seconds of beats stay in
     * the unfinished segment. A drill to 'latest' at D must measure what was really lost: D - X.
     */
    @Test
    void heartbeatMeasuresTheRpoOfADrillToLatest() throws Exception {
        PgBinaries binaries = PgBinaries.fromEnvironment(ArchivingProduction.ENV);
        new BaseBackupService(binaries, ArchivingProduction.ENV, Clock.systemUTC())
                .backup("app", production.config(), new BaseBackupStore(repository));
        AtomicBoolean beating = new AtomicBoolean(true);
        Thread heartbeat = Thread.ofPlatform().start(() -> Heartbeat.run(production.url("app"), Duration.ofMillis(200), beating::get));
        Thread.sleep(1500);
        Instant x = Instant.now();
        production.switchAndWaitArchived(Duration.ofSeconds(60));
        Thread.sleep(3000);

        DrillReport drill = new PitrDrill(binaries, ArchivingProduction.ENV, Clock.systemUTC())
                .drill("app", production.config(), repository, new RecoveryTarget.Latest(), Duration.ofMinutes(5));
        beating.set(false);
        heartbeat.join();

        assertThat(drill.passed()).as(drill.failures().toString()).isTrue();
        Duration truth = Duration.between(x, drill.startedAt());
        Duration measured = Duration.ofMillis(drill.measuredRpoMs());
        assertThat(measured).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(measured.minus(truth).abs()).as("measured %s, truth %s", measured, truth).isLessThan(Duration.ofMillis(1500));
        assertThat(PitrDrill.history(repository, "app")).last().extracting(DrillReport::measuredRpoMs).isEqualTo(drill.measuredRpoMs());
        assertThat(drill.checks()).anyMatch(c -> c.group().equals("objectives") && c.name().equals("rpo") && c.passed());
    }

    /** One insert: when it began and when its commit was acknowledged. */
    record Write(long id, Instant began, Instant acknowledged) {}

    @Test
    void dropTableAfterTimeIsUndoneByRestoringToThatTime() throws Exception {
        production.exec("CREATE TABLE orders (id bigint PRIMARY KEY, note text NOT NULL)");
        PgBinaries binaries = PgBinaries.fromEnvironment(ArchivingProduction.ENV);
        BaseBackupManifest base = new BaseBackupService(binaries, ArchivingProduction.ENV, Clock.systemUTC())
                .backup("app", production.config(), new BaseBackupStore(repository));
        assertThat(base.walSegmentSize()).isEqualTo(1024 * 1024);
        assertThat(base.pgVerifybackup()).isNotNull();

        List<Write> writes = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = production.connect("app");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, repeat('x', 200))")) {
                for (long id = 1; !stop.get(); id++) {
                    Instant began = Instant.now();
                    ps.setLong(1, id);
                    ps.executeUpdate();
                    writes.add(new Write(id, began, Instant.now()));
                    Thread.sleep(15);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(2000);
        Instant t = Instant.now();
        Thread.sleep(1500);
        stop.set(true);
        writer.join();
        Thread.sleep(500);
        production.exec("DROP TABLE orders");
        production.switchAndWaitArchived(Duration.ofSeconds(60));

        try (RestoredCluster restored = new PointInTimeRestore(binaries, ArchivingProduction.ENV, Clock.systemUTC())
                .restore(repository, "app", new RecoveryTarget.AtTime(t), Duration.ofMinutes(5))) {
            Set<Long> ids = new HashSet<>();
            try (Connection c = Connections.open(restored.url("app"), "test"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM orders")) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            List<Long> before = writes.stream().filter(w -> w.acknowledged().isBefore(t)).map(Write::id).toList();
            List<Long> after = writes.stream().filter(w -> w.began().isAfter(t)).map(Write::id).toList();
            assertThat(before).hasSizeGreaterThan(20);
            assertThat(after).hasSizeGreaterThan(20);
            assertThat(ids).as("every row committed before T is back").containsAll(before);
            assertThat(ids).as("no row begun after T is there").doesNotContainAnyElementsOf(after);
            assertThat(restored.lastTransactionAt()).isNotNull().isBeforeOrEqualTo(t);
            assertThat(restored.stoppedBefore()).isNotNull().isAfter(t);
            assertThat(restored.baseBackup().backupId()).isEqualTo(base.backupId());
            assertThat(restored.timeline()).isEqualTo(2);
        }
        assertThat(production.archive().list()).as("the restore pushed nothing into production's archive")
                .noneMatch(e -> e.name().timeline() != 1);
    }
}
