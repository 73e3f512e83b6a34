package dev.bulwark.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulwark.doctor.Evidence.Agents;
import dev.bulwark.pitr.CheckLine;
import dev.bulwark.pitr.CheckLine.Status;
import dev.bulwark.pitr.DrillReport;

class ScorecardTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    static Evidence.LogicalBackup verifiedBackup(Duration age) {
        return new Evidence.LogicalBackup("b1", NOW.minus(age), true, "full", NOW.minus(age).plusSeconds(60), 4_000L, null);
    }

    static DrillReport drill(long measuredRpoMs, long restoreMs) {
        return new DrillReport("app", "latest", NOW.minusSeconds(600), NOW.minusSeconds(590), true, "bb1", "sandbox", null, null,
                NOW.minusSeconds(600 + measuredRpoMs / 1000), measuredRpoMs, restoreMs, Map.of(), List.of());
    }

    static Evidence healthy() {
        return new Evidence("app", NOW, Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24), null,
                verifiedBackup(Duration.ofHours(3)), drill(40_000, 30_000), new Evidence.Archive(NOW.minusSeconds(30), "00000001000000000000002A", 2),
                new Agents.Audited(true, List.of("ai_readonly"), List.of(), List.of()));
    }

    static Status status(List<CheckLine> lines, String name) {
        return lines.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().status();
    }

    @Test
    void everythingInOrderPassesEveryLine() {
        List<CheckLine> lines = Scorecard.score(healthy());
        assertThat(lines).hasSize(6).allMatch(l -> l.status() == Status.PASS, lines.toString());
        assertThat(lines.get(2).evidence()).contains("measured 40s");
    }

    @Test
    void unverifiedQuickOnlyOrStaleBackupsFail() {
        Evidence e = healthy();
        Evidence never = new Evidence("app", NOW, e.rpo(), e.rto(), e.verificationEvery(), null,
                new Evidence.LogicalBackup("b1", NOW.minusSeconds(60), null, null, null, null, null), null, e.archive(), e.agents());
        assertThat(Scorecard.backupVerified(never).status()).isEqualTo(Status.FAIL);
        assertThat(Scorecard.backupVerified(never).evidence()).contains("never verified");
        Evidence quick = new Evidence("app", NOW, e.rpo(), e.rto(), e.verificationEvery(), null,
                new Evidence.LogicalBackup("b1", NOW.minusSeconds(60), true, "quick", NOW, null, null), null, e.archive(), e.agents());
        assertThat(Scorecard.backupVerified(quick).evidence()).contains("never a real restore");
        Evidence stale = new Evidence("app", NOW, e.rpo(), e.rto(), e.verificationEvery(), null, verifiedBackup(Duration.ofDays(3)), null,
                e.archive(), e.agents());
        assertThat(Scorecard.backupVerified(stale).status()).isEqualTo(Status.FAIL);
        assertThat(Scorecard.backupVerified(stale).fix()).contains("bulwark backup").contains("bulwark verify");
    }

    @Test
    void rpoUndeclaredFailsAndMeasuredRpoAboveDeclaredFails() {
        Evidence e = healthy();
        Evidence noRpo = new Evidence("app", NOW, null, null, e.verificationEvery(), null, e.newestBackup(), e.lastDrill(), e.archive(), e.agents());
        assertThat(Scorecard.objectivesDeclared(noRpo).status()).isEqualTo(Status.FAIL);
        Evidence lossy = new Evidence("app", NOW, e.rpo(), e.rto(), e.verificationEvery(), null, e.newestBackup(),
                drill(Duration.ofMinutes(20).toMillis(), 30_000), e.archive(), e.agents());
        assertThat(Scorecard.rpoMet(lossy).status()).isEqualTo(Status.FAIL);
        Evidence slow = new Evidence("app", NOW, e.rpo(), Duration.ofSeconds(10), e.verificationEvery(), null, e.newestBackup(),
                e.lastDrill(), e.archive(), e.agents());
        assertThat(Scorecard.rtoMet(slow).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void staleArchiveFailsEvenWhenTheLastDrillWasGood() {
        Evidence e = healthy();
        Evidence stale = new Evidence("app", NOW, e.rpo(), e.rto(), e.verificationEvery(), null, e.newestBackup(), e.lastDrill(),
                new Evidence.Archive(NOW.minus(Duration.ofHours(2)), "00000001000000000000002A", 2), e.agents());
        assertThat(Scorecard.pitr(stale).status()).isEqualTo(Status.FAIL);
        assertThat(Scorecard.pitr(stale).evidence()).contains("stale");
        assertThat(Scorecard.rpoMet(stale).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void managedPitrCountsAsDeclared() {
        Evidence e = healthy();
        Evidence managed = new Evidence("app", NOW, e.rpo(), e.rto(), e.verificationEvery(), "AWS RDS", e.newestBackup(), null, null, e.agents());
        assertThat(Scorecard.pitr(managed).status()).isEqualTo(Status.PASS);
        assertThat(Scorecard.pitr(managed).evidence()).contains("AWS RDS");
    }

    @Test
    void agentsWithWritePathsOrAnAuditThatCannotRunFail() {
        Evidence e = healthy();
        assertThat(Scorecard.agents(with(e, new Agents.Audited(false, List.of("ai"), List.of("ai"), List.of()))).status()).isEqualTo(Status.FAIL);
        CheckLine unknown = Scorecard.agents(with(e, new Agents.CouldNotCheck("cannot connect")));
        assertThat(unknown.status()).isEqualTo(Status.FAIL);
        assertThat(unknown.evidence()).contains("could not check");
        assertThat(Scorecard.agents(with(e, new Agents.NoneDeclared())).status()).isEqualTo(Status.WARN);
    }

    private static Evidence with(Evidence e, Agents agents) {
        return new Evidence(e.database(), e.now(), e.rpo(), e.rto(), e.verificationEvery(), e.pitrManagedBy(), e.newestBackup(),
                e.lastDrill(), e.archive(), agents);
    }
}
