package dev.bulwark.rehearse.run;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the migration did when it ran on the clone.
 *
 * @param exactLocks the locks each statement's transaction held right after the statement (by number)
 * @param written    tables whose rows statements may have changed: written (a ROW EXCLUSIVE lock was seen) or
 *                   given a new file (TRUNCATE, a rewrite)
 * @param writesKnown false when a statement ran outside any transaction that could be observed, so that
 *                    {@code written} may be incomplete and every table must be counted again
 * @param names      schema.table by oid, for every table met on the way
 */
public record Execution(List<StatementRun> statements, Failure failure, List<LockHold> holds,
                        Map<Integer, Set<HeldLock>> exactLocks, Set<Long> written, boolean writesKnown, Losses losses,
                        List<Rewrite> rewrites, Map<Long, String> names, List<String> notes) {}
