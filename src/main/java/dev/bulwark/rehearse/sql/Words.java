package dev.bulwark.rehearse.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bulwark.gate.sql.Token;
import dev.bulwark.gate.sql.TokenType;

/**
 * A statement's tokens with the few lookups that parsing needs. Keywords are compared on unquoted
 * identifiers only, so {@code "drop"} (a quoted name) never reads as DROP, and words inside strings
 * and comments are not tokens at all. Positions outside the statement read as nothing.
 *
 * @param source the text the tokens' offsets point into (the whole file), for slicing expressions
 */
public record Words(List<Token> tokens, String source) {
    public Words {
        tokens = List.copyOf(tokens);
    }

    /** A half-open token range [from, to). */
    public record Span(int from, int to) {
        public boolean isEmpty() {
            return from >= to;
        }
    }

    public int size() {
        return tokens.size();
    }

    public Token at(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    /** The unquoted word at {@code i}, lower case, or "" for anything else. */
    public String word(int i) {
        Token t = at(i);
        return t != null && t.type() == TokenType.IDENTIFIER ? t.value() : "";
    }

    /** Whether the unquoted words starting at {@code i} are exactly {@code words}. */
    public boolean is(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!word(i + k).equals(words[k])) return false;
        }
        return true;
    }

    /** What the token at {@code i} means: a folded name, a decoded string, a number's text; null past the end. */
    public String value(int i) {
        Token t = at(i);
        if (t == null) return null;
        return t.value() != null ? t.value() : t.text();
    }

    public boolean punct(int i, String punct) {
        Token t = at(i);
        return t != null && t.isPunct(punct);
    }

    /** The index of the {@code )} closing the {@code (} at {@code open}, or {@link #size()} if it is never closed. */
    public int closing(int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            if (opens(k)) depth++;
            else if (closes(k) && --depth == 0) return k;
        }
        return tokens.size();
    }

    /** The first {@code keyword} outside parentheses in [from, to), or -1. */
    public int find(String keyword, int from, int to) {
        int depth = 0;
        for (int k = from; k < Math.min(to, tokens.size()); k++) {
            if (opens(k)) depth++;
            else if (closes(k)) depth--;
            else if (depth == 0 && word(k).equals(keyword)) return k;
        }
        return -1;
    }

    /** [from, to) cut at the commas outside parentheses: the subcommands of ALTER TABLE, the names of a DROP. */
    public List<Span> split(int from, int to) {
        List<Span> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int k = from; k < to; k++) {
            if (opens(k)) depth++;
            else if (closes(k)) depth--;
            else if (depth == 0 && punct(k, ",")) {
                parts.add(new Span(start, k));
                start = k + 1;
            }
        }
        if (start < to) parts.add(new Span(start, to));
        return parts;
    }

    /** The source text of tokens [from, to), comments and spacing between them kept. */
    public String text(int from, int to) {
        if (from >= to || from >= tokens.size()) return "";
        return source.substring(tokens.get(from).start(), tokens.get(Math.min(to, tokens.size()) - 1).end());
    }

    /** A name at {@code i} ({@code a}, {@code a.b}, {@code a.b.c}), with the index after it; null if none is there. */
    public Named name(int i) {
        Token first = at(i);
        if (first == null || !first.isName()) return null;
        List<String> parts = new ArrayList<>();
        parts.add(first.value());
        int k = i + 1;
        while (parts.size() < 3 && punct(k, ".") && at(k + 1) != null && at(k + 1).isName()) {
            parts.add(at(k + 1).value());
            k += 2;
        }
        return new Named(new ObjectName(parts), k);
    }

    /** A name and where parsing goes on after it. */
    public record Named(ObjectName name, int next) {}

    /** The statement's leading words in upper case, e.g. "CREATE INDEX", for reports. */
    public String verb(int count) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < count && !word(k).isEmpty(); k++) out.add(word(k).toUpperCase(Locale.ROOT));
        return String.join(" ", out);
    }

    private boolean opens(int k) {
        return punct(k, "(") || punct(k, "[");
    }

    private boolean closes(int k) {
        return punct(k, ")") || punct(k, "]");
    }
}
