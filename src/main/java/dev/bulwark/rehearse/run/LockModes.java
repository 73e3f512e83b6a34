package dev.bulwark.rehearse.run;

import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's table lock modes by strength, as pg_locks names them ({@code AccessExclusiveLock}) and
 * as people write them ({@code ACCESS EXCLUSIVE}).
 */
public final class LockModes {
    private static final List<String> ORDER = List.of("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
            "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE");

    private LockModes() {
    }

    /** {@code AccessExclusiveLock} → {@code ACCESS EXCLUSIVE}. */
    public static String display(String pgLocksMode) {
        String bare = pgLocksMode.endsWith("Lock") ? pgLocksMode.substring(0, pgLocksMode.length() - 4) : pgLocksMode;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    /** 1 (ACCESS SHARE) to 8 (ACCESS EXCLUSIVE); 0 for anything else. */
    public static int rank(String mode) {
        return ORDER.indexOf(mode) + 1;
    }

    /**
     * INSERT, UPDATE, DELETE, MERGE and COPY FROM take ROW EXCLUSIVE, also in a transaction that holds a stronger
     * lock already (pg_locks then shows both): without it a table's rows did not change, unless it got a new
     * file (TRUNCATE).
     */
    public static boolean writesRows(String mode) {
        return mode.equals("ROW EXCLUSIVE");
    }

    /** SHARE and above conflict with ROW EXCLUSIVE: every INSERT, UPDATE and DELETE on the table waits. */
    public static boolean blocksWrites(String mode) {
        return rank(mode) >= rank("SHARE");
    }

    /** Only ACCESS EXCLUSIVE conflicts with ACCESS SHARE: even plain SELECTs wait. */
    public static boolean blocksReads(String mode) {
        return rank(mode) == rank("ACCESS EXCLUSIVE");
    }
}
