package dev.bulwark.rehearse.run;

/**
 * One stretch of time during which the sampler saw the rehearsal hold a lock: from the first sample
 * that showed it to the last, minus the time Bulwark spent on its own measurements while it was held.
 *
 * @param firstStatement the statement running (or last run) when it was first seen
 * @param lastStatement  the same when it was last seen
 */
public record LockHold(HeldLock lock, long firstSeenNanos, long lastSeenNanos, long pausedNanos, int firstStatement,
                       int lastStatement) {
    public double heldMs() {
        return Math.max(0, lastSeenNanos - firstSeenNanos - pausedNanos) / 1_000_000.0;
    }
}
