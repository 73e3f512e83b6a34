package dev.bulwark.gate.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer that follows PostgreSQL's own scanner (src/backend/parser/scan.l, PostgreSQL 15, plus the
 * PostgreSQL 16 number forms) closely enough that it agrees with the server on where every string,
 * comment, dollar quote and identifier begins and ends. That agreement is what makes the classifier
 * safe: if the gate thought {@code DROP} was inside a string while the server did not, a write would pass.
 *
 * <p>Scanner facts this relies on (each one is a known escape route for naive lexers):
 * <ul>
 * <li>{@code $} continues an identifier, so {@code a$$} is one identifier and starts no dollar quote;</li>
 * <li>block comments nest;</li>
 * <li>with {@code standard_conforming_strings} off, backslash escapes apply in plain {@code '...'}
 *     strings, so {@code '\''} is an unterminated string there;</li>
 * <li>a string continues across whitespace that contains a newline ({@code 'a'\n'b'} is one string), in
 *     the escape mode of its first part;</li>
 * <li>an operator stops before {@code --} or {@code /*}, which start comments.</li>
 * </ul>
 * Anything the server's scanner would reject becomes an {@link TokenType#ERROR} token and ends lexing.
 */
public final class SqlLexer {
    private static final String OP_CHARS = "~!@#^&|`?+-*/%<>=";
    private static final int EOF = -1;

    private enum StringMode { STANDARD, ESCAPE, BITS, UNICODE }

    private final String s;
    private final boolean standardConformingStrings;
    private final List<Token> out = new ArrayList<>();
    private int p;

    private SqlLexer(String sql, boolean standardConformingStrings) {
        this.s = sql;
        this.standardConformingStrings = standardConformingStrings;
    }

    /** Tokens of {@code sql}; if the server would reject its scanning, the last token is an ERROR. */
    public static List<Token> tokenize(String sql, boolean standardConformingStrings) {
        int nul = sql.indexOf('\0');
        if (nul >= 0) {
            // The wire protocol cannot carry a NUL inside a query string: treat it as unscannable.
            return List.of(new Token(TokenType.ERROR, sql, "NUL character in query text", 0, sql.length()));
        }
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings);
        lexer.run();
        return UnicodeEscapes.apply(lexer.out, sql);
    }

    private int at(int i) {
        return i >= 0 && i < s.length() ? s.charAt(i) : EOF;
    }

    private void run() {
        while (p < s.length()) {
            int c = s.charAt(p);
            int next = at(p + 1);
            boolean ok;
            if (isSpace(c)) {
                p++;
                continue;
            } else if (c == '-' && next == '-') {
                skipLineComment();
                continue;
            } else if (c == '/' && next == '*') {
                ok = skipBlockComment();
            } else if ((c == 'u' || c == 'U') && next == '&' && (at(p + 2) == '\'' || at(p + 2) == '"')) {
                ok = unicodeQuoted();
            } else if ((c == 'e' || c == 'E') && next == '\'') {
                ok = string(p + 2, StringMode.ESCAPE, TokenType.STRING);
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'') {
                ok = string(p + 2, StringMode.BITS, TokenType.BIT_STRING);
            } else if ((c == 'n' || c == 'N') && next == '\'') {
                ok = string(p + 2, plainMode(), TokenType.STRING);
            } else if (c == '\'') {
                ok = string(p + 1, plainMode(), TokenType.STRING);
            } else if (c == '"') {
                ok = quotedIdentifier(p + 1, TokenType.QUOTED_IDENTIFIER);
            } else if (isIdentStart(c)) {
                ok = identifier();
            } else if (c == '$') {
                ok = dollar();
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                ok = number();
            } else if (OP_CHARS.indexOf(c) >= 0) {
                ok = operator();
            } else {
                ok = punctuation();
            }
            if (!ok) return;
        }
    }

    private StringMode plainMode() {
        return standardConformingStrings ? StringMode.STANDARD : StringMode.ESCAPE;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isIdentStart(int c) {
        // PostgreSQL treats every byte >= 0x80 as a letter; every non-ASCII char is made of such bytes.
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(int c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDollarTagCont(int c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void emit(TokenType type, int start, int end, String value) {
        out.add(new Token(type, s.substring(start, end), value, start, end));
        p = end;
    }

    /** Records an ERROR token running from {@code start} to the end of the input and stops lexing. */
    private boolean error(int start, String reason) {
        out.add(new Token(TokenType.ERROR, s.substring(start), reason, start, s.length()));
        p = s.length();
        return false;
    }

    private void skipLineComment() {
        while (p < s.length() && s.charAt(p) != '\n' && s.charAt(p) != '\r') p++;
    }

    private boolean skipBlockComment() {
        int start = p;
        int depth = 0;
        int i = p;
        while (i < s.length()) {
            if (s.charAt(i) == '/' && at(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (s.charAt(i) == '*' && at(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    p = i;
                    return true;
                }
            } else {
                i++;
            }
        }
        return error(start, "unterminated /* comment");
    }

    private boolean unicodeQuoted() {
        if (at(p + 2) == '"') return quotedIdentifier(p + 3, TokenType.UNICODE_IDENTIFIER_RAW);
        if (!standardConformingStrings) {
            return error(p, "U&'...' string constants are rejected when standard_conforming_strings is off");
        }
        return string(p + 3, StringMode.UNICODE, TokenType.UNICODE_STRING_RAW);
    }

    /** A single-quoted constant whose body starts at {@code i}, including continuations across newlines. */
    private boolean string(int i, StringMode mode, TokenType type) {
        int start = p;
        StringBuilder value = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                if (mode != StringMode.BITS && at(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                int resume = continuation(i + 1);
                if (resume < 0) {
                    emit(type, start, i + 1, value.toString());
                    return true;
                }
                i = resume + 1;
            } else if (c == '\\' && mode == StringMode.ESCAPE) {
                if (i + 1 >= s.length()) break;
                i = EscapeDecoder.decode(s, i, value);
            } else {
                value.append(c);
                i++;
            }
        }
        return error(start, "unterminated quoted string");
    }

    /**
     * After a closing quote at {@code i - 1}: if only whitespace and {@code --} comments, including at least
     * one newline, separate it from another quote, the string continues; returns that quote's index or -1.
     */
    private int continuation(int i) {
        boolean newline = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                i++;
            } else if (c == '\n' || c == '\r') {
                newline = true;
                i++;
            } else if (c == '-' && at(i + 1) == '-') {
                while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
            } else {
                break;
            }
        }
        return newline && at(i) == '\'' ? i : -1;
    }

    private boolean quotedIdentifier(int i, TokenType type) {
        int start = p;
        StringBuilder value = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                if (at(i + 1) == '"') {
                    value.append('"');
                    i += 2;
                    continue;
                }
                if (value.isEmpty()) return error(start, "zero-length delimited identifier");
                emit(type, start, i + 1, value.toString());
                return true;
            }
            value.append(c);
            i++;
        }
        return error(start, "unterminated quoted identifier");
    }

    private boolean identifier() {
        int i = p;
        while (i < s.length() && isIdentCont(s.charAt(i))) i++;
        emit(TokenType.IDENTIFIER, p, i, asciiLower(s.substring(p, i)));
        return true;
    }

    /** PostgreSQL folds only ASCII letters (Java's toLowerCase would also fold e.g. the Kelvin sign to k). */
    static String asciiLower(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    private boolean dollar() {
        int start = p;
        int i = p + 1;
        if (isDigit(at(i))) {
            while (isDigit(at(i))) i++;
            if (isIdentStart(at(i))) return error(start, "trailing junk after parameter");
            emit(TokenType.PARAMETER, start, i, s.substring(start + 1, i));
            return true;
        }
        if (isIdentStart(at(i)) && at(i) != '$') {
            i++;
            while (isDollarTagCont(at(i))) i++;
        }
        if (at(i) != '$') {
            emit(TokenType.PUNCTUATION, start, start + 1, "$");
            return true;
        }
        String tag = s.substring(start, i + 1);
        int bodyStart = i + 1;
        int close = s.indexOf(tag, bodyStart);
        if (close < 0) return error(start, "unterminated dollar-quoted string");
        emit(TokenType.DOLLAR_STRING, start, close + tag.length(), s.substring(bodyStart, close));
        return true;
    }

    private boolean number() {
        int start = p;
        int i = p;
        int radix = s.charAt(i) == '0' ? radixOf(at(i + 1)) : 10;
        if (radix != 10 && Character.digit(at(i + 2), radix) >= 0) {
            i += 2;
            while (Character.digit(at(i), radix) >= 0 || (at(i) == '_' && Character.digit(at(i + 1), radix) >= 0)) i++;
        } else {
            i = digits(i);
            if (at(i) == '.' && at(i + 1) != '.') i = digits(i + 1);
            if ((at(i) == 'e' || at(i) == 'E')
                    && (isDigit(at(i + 1)) || ((at(i + 1) == '+' || at(i + 1) == '-') && isDigit(at(i + 2))))) {
                i = digits(i + 2);
            }
        }
        if (isIdentStart(at(i))) return error(start, "trailing junk after numeric literal");
        emit(TokenType.NUMBER, start, i, s.substring(start, i));
        return true;
    }

    private static int radixOf(int c) {
        return switch (c) {
            case 'x', 'X' -> 16;
            case 'o', 'O' -> 8;
            case 'b', 'B' -> 2;
            default -> 10;
        };
    }

    private int digits(int i) {
        while (isDigit(at(i)) || (at(i) == '_' && isDigit(at(i + 1)) && i > p && isDigit(at(i - 1)))) i++;
        return i;
    }

    private boolean operator() {
        int i = p;
        while (i < s.length() && OP_CHARS.indexOf(s.charAt(i)) >= 0) {
            // An operator never swallows the start of a comment.
            if (i > p && ((s.charAt(i) == '-' && at(i + 1) == '-') || (s.charAt(i) == '/' && at(i + 1) == '*'))) break;
            i++;
        }
        int n = i - p;
        // scan.l: a multi-char operator may not end in + or - unless it contains one of ~!@#^&|`?%
        // (so that "a*-1" is "a * -1").
        if (n > 1 && (s.charAt(p + n - 1) == '+' || s.charAt(p + n - 1) == '-')) {
            boolean special = false;
            for (int k = p; k < p + n - 1; k++) {
                if ("~!@#^&|`?%".indexOf(s.charAt(k)) >= 0) special = true;
            }
            if (!special) {
                do {
                    n--;
                } while (n > 1 && (s.charAt(p + n - 1) == '+' || s.charAt(p + n - 1) == '-'));
            }
        }
        String op = s.substring(p, p + n);
        emit(TokenType.OPERATOR, p, p + n, op.equals("!=") ? "<>" : op);
        return true;
    }

    private boolean punctuation() {
        int c = s.charAt(p);
        int next = at(p + 1);
        int len = (c == ':' && (next == ':' || next == '=')) || (c == '.' && next == '.') ? 2 : 1;
        if (Character.isHighSurrogate((char) c) && len == 1 && p + 1 < s.length()) len = 2;
        emit(TokenType.PUNCTUATION, p, p + len, s.substring(p, p + len));
        return true;
    }
}
