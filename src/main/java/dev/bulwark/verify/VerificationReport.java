package dev.bulwark.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything one verification compared, stored in the repository as evidence. */
public record VerificationReport(
        String database,
        String backupId,
        String level,
        Instant startedAt,
        Instant finishedAt,
        boolean verified,
        List<CheckResult> checks,
        List<TableEvidence> tables,
        Map<String, Long> objectsExpected,
        Map<String, Long> objectsRestored,
        RestoreEvidence restore) {

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The observed restore time in milliseconds, or null for a quick verification. */
    public Long restoreMs() {
        return restore == null ? null : restore.durationMs();
    }
}
