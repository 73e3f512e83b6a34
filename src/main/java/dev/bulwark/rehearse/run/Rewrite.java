package dev.bulwark.rehearse.run;

/**
 * A table that a statement rewrote (it got a new relfilenode): every row copied while a lock was held.
 *
 * @param rows the rows it held in the backup, null for a materialized view
 */
public record Rewrite(String table, Long rows, int statement, double durationMs) {}
