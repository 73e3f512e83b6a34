package dev.bulwark.gate.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw {@code U&'...'} / {@code U&"..."} tokens into ordinary strings and identifiers, applying an
 * optional following {@code UESCAPE 'c'} as the server does (since PostgreSQL 13 this happens after
 * scanning, in parser.c, so the escape string is an ordinary token). Merging matters: the server treats
 * {@code U&"f" UESCAPE '!' (1)} as a call of {@code f}, and the classifier must see the same shape.
 */
final class UnicodeEscapes {
    private UnicodeEscapes() {
    }

    static List<Token> apply(List<Token> tokens, String sql) {
        boolean any = tokens.stream().anyMatch(t -> t.type() == TokenType.UNICODE_STRING_RAW
                || t.type() == TokenType.UNICODE_IDENTIFIER_RAW);
        if (!any) return tokens;
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean string = t.type() == TokenType.UNICODE_STRING_RAW;
            if (!string && t.type() != TokenType.UNICODE_IDENTIFIER_RAW) {
                out.add(t);
                continue;
            }
            char escape = '\\';
            int end = t.end();
            if (i + 1 < tokens.size() && tokens.get(i + 1).isKeyword("uescape")) {
                Token esc = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
                if (esc == null || !esc.isString() || esc.value().length() != 1 || !validEscape(esc.value().charAt(0))) {
                    out.add(error(sql, t.start(), "invalid Unicode escape character after UESCAPE"));
                    return out;
                }
                escape = esc.value().charAt(0);
                end = esc.end();
                i += 2;
            }
            String decoded = decode(t.value(), escape);
            if (decoded == null) {
                out.add(error(sql, t.start(), "invalid Unicode escape value"));
                return out;
            }
            out.add(new Token(string ? TokenType.STRING : TokenType.QUOTED_IDENTIFIER, sql.substring(t.start(), end),
                    decoded, t.start(), end));
        }
        return out;
    }

    private static Token error(String sql, int start, String reason) {
        return new Token(TokenType.ERROR, sql.substring(start), reason, start, sql.length());
    }

    private static boolean validEscape(char c) {
        return Character.digit(c, 16) < 0 && c != '+' && c != '\'' && c != '"' && !SqlLexer.isSpace(c);
    }

    /** Decodes {@code \XXXX} and {@code \+XXXXXX} (with the given escape character); null if malformed. */
    static String decode(String body, char escape) {
        StringBuilder b = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != escape) {
                b.append(c);
                continue;
            }
            if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
                b.append(escape);
                i++;
                continue;
            }
            int len = i + 1 < body.length() && body.charAt(i + 1) == '+' ? 6 : 4;
            int from = len == 6 ? i + 2 : i + 1;
            if (from + len > body.length()) return null;
            String hex = body.substring(from, from + len);
            for (int k = 0; k < hex.length(); k++) {
                if (Character.digit(hex.charAt(k), 16) < 0) return null;
            }
            int cp = Integer.parseInt(hex, 16);
            if (cp == 0 || cp > Character.MAX_CODE_POINT) return null;
            b.appendCodePoint(cp);
            i = from + len - 1;
        }
        return b.toString();
    }
}
