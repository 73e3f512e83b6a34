package dev.bulwark.access.readonly;

/**
 * One thing the proof checked, what it ran, and what it saw.
 *
 * @param group    session, privileges, read-only default, writes, or future objects
 * @param sqlstate PostgreSQL's SQLSTATE when the statement was refused
 */
public record ProofCheck(String group, String what, String sql, boolean passed, String observed, String sqlstate) {
    static ProofCheck pass(String group, String what, String sql, String observed) {
        return new ProofCheck(group, what, sql, true, observed, null);
    }

    static ProofCheck fail(String group, String what, String sql, String observed) {
        return new ProofCheck(group, what, sql, false, observed, null);
    }

    static ProofCheck of(boolean passed, String group, String what, String sql, String observed) {
        return new ProofCheck(group, what, sql, passed, observed, null);
    }
}
