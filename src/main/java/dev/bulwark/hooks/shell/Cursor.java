package dev.bulwark.hooks.shell;

import java.util.ArrayList;
import java.util.List;

/** The text being parsed, the position in it, and the here-documents whose bodies come after this line. */
final class Cursor {
    private static final int MAX_DEPTH = 48;

    final String text;
    int depth;
    final List<Redirect.HereDocument> pendingHereDocuments = new ArrayList<>();
    int pos;

    Cursor(String text, int depth) {
        if (depth > MAX_DEPTH) throw new ShellSyntaxException("commands nested too deeply", 0);
        this.text = text;
        this.depth = depth;
    }

    /** Entering a nested construct; bounded so that hostile input cannot exhaust the stack. */
    void enter() {
        if (++depth > MAX_DEPTH) throw error("commands nested too deeply");
    }

    void leave() {
        depth--;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The character {@code ahead} places on, or 0 past the end. */
    char peek(int ahead) {
        int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : 0;
    }

    char peek() {
        return peek(0);
    }

    boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    ShellSyntaxException error(String message) {
        return new ShellSyntaxException(message, Math.min(pos, Math.max(0, text.length() - 1)));
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /** Characters that end an unquoted word. */
    static boolean endsWord(char c) {
        return c == 0 || isBlank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
                || c == '<' || c == '>';
    }

    /** Skips blanks and backslash-newline continuations, not newlines. */
    void skipBlanks() {
        while (!atEnd()) {
            char c = peek();
            if (isBlank(c)) {
                pos++;
            } else if (c == '\\' && peek(1) == '\n') {
                pos += 2;
            } else {
                return;
            }
        }
    }

    /** A {@code #} where a word could start begins a comment that runs to the end of the line. */
    boolean skipComment() {
        if (peek() != '#') return false;
        while (!atEnd() && peek() != '\n') pos++;
        return true;
    }

    /** Consumes from the {@code (} here to its matching {@code )}, counting nested pairs; returns the text. */
    String balancedParens(String what) {
        int start = pos;
        int open = 0;
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                open++;
            } else if (c == ')' && --open == 0) {
                pos = i + 1;
                return text.substring(start, pos);
            }
        }
        throw error("unterminated " + what);
    }
}
