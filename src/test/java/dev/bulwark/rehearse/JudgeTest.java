package dev.bulwark.rehearse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.rehearse.RehearsalReport.Reason;
import dev.bulwark.rehearse.catalog.SchemaChange;
import dev.bulwark.rehearse.catalog.SchemaDiff;
import dev.bulwark.rehearse.rules.Finding;
import dev.bulwark.rehearse.run.Failure;
import dev.bulwark.rehearse.run.Losses;
import dev.bulwark.rehearse.run.Rewrite;
import dev.bulwark.rehearse.run.StatementRun;
import dev.bulwark.verify.VerificationReport;

class JudgeTest {
    private static final RehearsalReport.DataLoss NO_LOSS = new RehearsalReport.DataLoss(List.of(), List.of(), List.of(), List.of());
    private static final SchemaDiff NO_CHANGE = new SchemaDiff(List.of(), List.of(), List.of());

    private static List<Reason> judge(RehearsalReport.DataLoss loss, List<RehearsalReport.TableLock> locks, List<StatementRun> runs,
                                      List<Rewrite> rewrites, SchemaDiff diff, List<Finding> findings) {
        return Judge.reasons(null, loss, List.of(), locks, runs, rewrites, diff, findings, List.of(), 1000);
    }

    private static RehearsalReport.TableLock lock(String mode, long rows, double ms) {
        return new RehearsalReport.TableLock("public.t", rows, mode, ms, ms, true, true, mode.equals("ACCESS EXCLUSIVE"), List.of(1),
                List.of(new RehearsalReport.ModeHold(mode, ms, true, List.of(1))));
    }

    @Test
    void nothingToReportIsSafe() {
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(), List.of(), List.of(), NO_CHANGE, List.of()))).isEqualTo(Verdict.SAFE);
    }

    @Test
    void lostDataIsDangerousButEmptyDropsAreOnlyForReview() {
        var loss = new RehearsalReport.DataLoss(List.of(), List.of(new Losses.DroppedTable("public.t", 5, 1, true)),
                List.of(new Losses.DroppedColumn("public.u", "c", "text", 0, 2, true)), List.of());
        var diff = new SchemaDiff(List.of(), List.of(new SchemaChange("table", "public.t", "table", null, null),
                new SchemaChange("column", "public.u.c", "text", null, null)), List.of());
        List<Reason> reasons = judge(loss, List.of(), List.of(), List.of(), diff, List.of());
        assertThat(Judge.verdict(reasons)).isEqualTo(Verdict.DANGEROUS);
        assertThat(reasons).extracting(Reason::text).contains("data lost: table public.t dropped with 5 rows")
                .anyMatch(t -> t.contains("drops 1 schema object") && t.contains("column public.u.c") && !t.contains("table public.t"));
    }

    @Test
    void locksAreJudgedByHowLongTheyBlockWritesOnTablesWithRows() {
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(lock("ACCESS EXCLUSIVE", 10, 1500)), List.of(), List.of(), NO_CHANGE, List.of())))
                .isEqualTo(Verdict.DANGEROUS);
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(lock("SHARE", 10, 150)), List.of(), List.of(), NO_CHANGE, List.of())))
                .isEqualTo(Verdict.REVIEW);
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(lock("ACCESS EXCLUSIVE", 10, 3)), List.of(), List.of(), NO_CHANGE, List.of())))
                .isEqualTo(Verdict.SAFE);
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(lock("ACCESS EXCLUSIVE", 0, 5000)), List.of(), List.of(), NO_CHANGE, List.of())))
                .as("a table the migration created holds no production rows").isEqualTo(Verdict.SAFE);
    }

    @Test
    void rewritesLongChangesAndFindingsCallForReview() {
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(), List.of(), List.of(new Rewrite("public.t", 10L, 1, 20)), NO_CHANGE, List.of())))
                .isEqualTo(Verdict.REVIEW);
        StatementRun slow = new StatementRun(1, "m.sql", 1, "UPDATE t SET a = 1 WHERE b", 2500, 90_000L, "autocommit", List.of(), false);
        assertThat(judge(NO_LOSS, List.of(), List.of(slow), List.of(), NO_CHANGE, List.of())).singleElement()
                .satisfies(r -> assertThat(r.text()).contains("changed 90000 rows"));
        Finding f = new Finding("drop-index-without-concurrently", "m.sql", 1, 1, "m", "fix");
        assertThat(Judge.verdict(judge(NO_LOSS, List.of(), List.of(), List.of(), NO_CHANGE, List.of(f)))).isEqualTo(Verdict.REVIEW);
    }

    @Test
    void aFailedStatementOrAssertIsDangerous() {
        Failure failure = new Failure(2, "m.sql", 3, 4, "INSERT", "42601", "syntax error", null, null, null);
        List<Reason> reasons = Judge.reasons(failure, NO_LOSS, List.of(new RehearsalReport.AssertResult("SELECT false", false, "false", null)),
                List.of(), List.of(), List.of(), NO_CHANGE, List.of(), List.of(), 1000);
        assertThat(reasons).extracting(Reason::level).containsOnly(Verdict.DANGEROUS).hasSize(2);
        assertThat(reasons.get(0).text()).contains("m.sql:4");
    }

    @Test
    void onlyABackupWhoseLatestVerificationPassedAndThatWasOnceFullyVerifiedCounts() {
        VerificationReport fullOk = report("full", true, 1);
        VerificationReport quickOk = report("quick", true, 2);
        VerificationReport quickFailed = report("quick", false, 3);
        assertThat(BackupChoice.verifiedAt(List.of(fullOk, quickOk))).isEqualTo(fullOk.finishedAt());
        assertThat(BackupChoice.verifiedAt(List.of(fullOk, quickFailed))).isNull();
        assertThat(BackupChoice.verifiedAt(List.of(quickOk))).isNull();
        assertThat(BackupChoice.verifiedAt(List.of())).isNull();
    }

    private static VerificationReport report(String level, boolean verified, int second) {
        Instant at = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(second);
        return new VerificationReport("db", "id", level, at, at, verified, List.of(), List.of(), null, null, null);
    }
}
