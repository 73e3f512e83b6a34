package dev.bulwark.pitr;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bulwark.verify.CheckResult;

/**
 * What one PITR drill proved, kept in {@code <repo>/<db>/drills/<time>.json}.
 *
 * @param measuredRpoMs for a drill to 'latest': from when the drill started to the newest heartbeat in the restored data
 * @param restoreMs     from the start of the restore until the copy was open: the observed RTO
 */
public record DrillReport(
        String database,
        String target,
        Instant startedAt,
        Instant finishedAt,
        boolean passed,
        String baseBackup,
        String restoredInto,
        Instant lastTransactionAt,
        Instant stoppedBefore,
        Instant newestHeartbeat,
        Long measuredRpoMs,
        long restoreMs,
        Map<String, Long> phasesMs,
        List<CheckResult> checks) {

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
