package dev.bulwark.gate.sql;

/** Kinds of tokens the {@link SqlLexer} produces. Whitespace and comments are not tokens. */
public enum TokenType {
    /** Unquoted identifier or keyword; its value is ASCII-lowercased, as PostgreSQL folds it. */
    IDENTIFIER,
    /** {@code "..."} or {@code U&"..."} identifier; its value is the exact name. */
    QUOTED_IDENTIFIER,
    /** Any single-quoted constant ({@code '..'}, {@code E'..'}, {@code U&'..'}, {@code N'..'}); value is the decoded text. */
    STRING,
    /** {@code B'..'} or {@code X'..'}. */
    BIT_STRING,
    /** {@code $$..$$} or {@code $tag$..$tag$}; value is the body. */
    DOLLAR_STRING,
    NUMBER,
    /** Positional parameter {@code $1}. */
    PARAMETER,
    OPERATOR,
    /** {@code ( ) [ ] , ; : :: := . ..} and stray characters the server would reject. */
    PUNCTUATION,
    /**
     * Input the server would reject while scanning (unterminated string, comment, dollar quote or quoted
     * identifier, trailing junk after a number...). The lexer stops here; its value says why.
     */
    ERROR,
    /** Internal: {@code U&'..'} before its optional UESCAPE was applied. */
    UNICODE_STRING_RAW,
    /** Internal: {@code U&".."} before its optional UESCAPE was applied. */
    UNICODE_IDENTIFIER_RAW
}
