package dev.bulwark.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the restore went: where to, with which binaries, how long (the observed RTO), what failed,
 * and the wall time of each phase of the verification (checksums, target start, restore,
 * reading back, teardown).
 */
public record RestoreEvidence(String target, String serverVersion, String pgRestore, String pgRestoreVersion, int jobs,
                              long durationMs, List<RestoreProblem> problems, String serverLogTail,
                              Map<String, Long> phasesMs) {

    public RestoreEvidence withPhases(Map<String, Long> phases) {
        return new RestoreEvidence(target, serverVersion, pgRestore, pgRestoreVersion, jobs, durationMs, problems,
                serverLogTail, Collections.unmodifiableMap(new LinkedHashMap<>(phases)));
    }
}
