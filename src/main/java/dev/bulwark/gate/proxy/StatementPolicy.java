package dev.bulwark.gate.proxy;

/**
 * Decides on what an agent sends. Stateful per session (prepared statements, cursors,
 * standard_conforming_strings), so each session has its own.
 */
public interface StatementPolicy {
    /** A simple Query's whole text, which may hold several statements. */
    Verdict judge(String sql);

    /** An extended-protocol Parse of a (possibly named) statement. */
    default Verdict judgeParse(String statementName, String sql) {
        return judge(sql);
    }

    /** A setting the server reported (ParameterStatus) that changes how SQL must be read. */
    default void serverParameter(String name, String value) {
    }
}
