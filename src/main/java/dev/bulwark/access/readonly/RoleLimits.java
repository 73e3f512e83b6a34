package dev.bulwark.access.readonly;

import java.time.Duration;

import dev.bulwark.BulwarkException;

/**
 * The limits set on the role itself, so that every session it opens starts with them: how long a
 * statement may run, how long a transaction may sit idle (holding locks and snapshots), and how
 * many sessions it may hold at once.
 */
public record RoleLimits(Duration statementTimeout, Duration idleInTransactionTimeout, int connectionLimit) {
    public static final RoleLimits DEFAULT = new RoleLimits(Duration.ofSeconds(30), Duration.ofSeconds(60), 5);

    public RoleLimits {
        requireTimeout("statement timeout", statementTimeout);
        requireTimeout("idle-in-transaction timeout", idleInTransactionTimeout);
        if (connectionLimit < 1) {
            throw BulwarkException.usage("the connection limit must be at least 1, not " + connectionLimit);
        }
    }

    private static void requireTimeout(String what, Duration d) {
        // PostgreSQL keeps these settings as a 32-bit count of milliseconds; 0 would switch them off.
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw BulwarkException.usage("the " + what + " must be more than 0 and at most 24 days, not "
                    + (d == null ? "missing" : d.toMillis() + " ms"));
        }
    }

    /** A duration as a PostgreSQL setting value in the largest unit that divides it: '30s', '5min', '1h'. */
    static String settingValue(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "min";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
