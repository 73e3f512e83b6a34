package dev.bulwark.access.readonly;

import java.util.List;

/**
 * What the proof found, logged in as the role: every check, and {@code error} when it could not
 * log in or run to the end (then not everything is proven, which is never a pass).
 */
public record ProofReport(String loggedInAs, String error, List<ProofCheck> checks) {
    public ProofReport {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return error == null && !checks.isEmpty() && checks.stream().allMatch(ProofCheck::passed);
    }

    public long failures() {
        return checks.stream().filter(c -> !c.passed()).count();
    }
}
