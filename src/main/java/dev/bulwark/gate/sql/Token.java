package dev.bulwark.gate.sql;

/**
 * One token of SQL text. {@code start} and {@code end} are char offsets into the lexed string
 * (end exclusive); {@code text} is the raw source and {@code value} its meaning (folded identifier,
 * decoded string, or for {@link TokenType#ERROR} the reason).
 */
public record Token(TokenType type, String text, String value, int start, int end) {

    /** An unquoted identifier equal to {@code keyword} (lowercase); a quoted identifier is never a keyword. */
    public boolean isKeyword(String keyword) {
        return type == TokenType.IDENTIFIER && value.equals(keyword);
    }

    public boolean isPunct(String punct) {
        return type == TokenType.PUNCTUATION && text.equals(punct);
    }

    /** An identifier, quoted or not. */
    public boolean isName() {
        return type == TokenType.IDENTIFIER || type == TokenType.QUOTED_IDENTIFIER;
    }

    public boolean isString() {
        return type == TokenType.STRING;
    }
}
