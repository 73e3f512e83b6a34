package dev.bulwark.gate.proxy;

/**
 * Decides on the SQL of one message (a simple Query's whole text, or one Parse). Stateful per
 * session (prepared names, standard_conforming_strings), so each session has its own.
 */
public interface StatementPolicy {
    Verdict judge(String sql);
}
