package dev.bulwark.rehearse.run;

import java.util.List;

/**
 * One statement as it ran.
 *
 * @param durationMs how long it took (with the commit of its own transaction when it ran on its own)
 * @param rows       rows it inserted, updated, deleted or returned, where PostgreSQL reports a count
 * @param context    "autocommit" (its own transaction, as psql runs it), "transaction" (inside the file's
 *                   BEGIN ... COMMIT), "no transaction" (a command that cannot run in one, e.g. CREATE INDEX
 *                   CONCURRENTLY) or "transaction control"
 * @param notices    PostgreSQL's notices and warnings
 */
public record StatementRun(int number, String file, int line, String sql, double durationMs, Long rows, String context,
                           List<String> notices, boolean failed) {
    public StatementRun {
        notices = List.copyOf(notices);
    }
}
