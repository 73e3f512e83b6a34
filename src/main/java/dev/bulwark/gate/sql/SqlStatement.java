package dev.bulwark.gate.sql;

import java.util.List;

/**
 * One statement cut out of a query string: its text runs from its first token to its last (comments
 * around it are dropped), {@code start}/{@code end} are offsets in the original string, and
 * {@code tokens} are its tokens without the terminating semicolon. If the last token is an
 * {@link TokenType#ERROR}, the statement runs to the end of the input.
 */
public record SqlStatement(String text, int start, int end, List<Token> tokens) {
    public boolean hasError() {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).type() == TokenType.ERROR;
    }
}
