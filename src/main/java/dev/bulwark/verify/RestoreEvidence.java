package dev.bulwark.verify;

import java.util.List;

/** How the restore went: where to, with which binaries, how long (the observed RTO), what failed. */
public record RestoreEvidence(String target, String serverVersion, String pgRestore, String pgRestoreVersion, int jobs,
                              long durationMs, List<RestoreProblem> problems, String serverLogTail) {}
