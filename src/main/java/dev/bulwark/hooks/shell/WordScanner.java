package dev.bulwark.hooks.shell;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.hooks.shell.Word.Part;

/**
 * Reads one word the way a POSIX shell (bash) does: single and double quotes, backslash escapes,
 * {@code $'...'}, parameter expansions, {@code $( )}, backticks and process substitutions (whose
 * commands are parsed, since they run too), and line continuations.
 */
final class WordScanner {
    private final Cursor in;
    private final ShellParser parser;

    WordScanner(Cursor in, ShellParser parser) {
        this.in = in;
        this.parser = parser;
    }

    /** Whether a word (possibly a process substitution) starts here. */
    boolean atWord() {
        char c = in.peek();
        if ((c == '<' || c == '>') && in.peek(1) == '(') return true;
        return !in.atEnd() && !Cursor.endsWord(c);
    }

    Word read() {
        Parts parts = new Parts();
        while (!in.atEnd()) {
            char c = in.peek();
            if ((c == '<' || c == '>') && in.peek(1) == '(') {
                in.pos += 2;
                parts.add(new Part.Substitution(parser.nestedUntilParen(), false, true));
                continue;
            }
            if ((c == '@' || c == '!' || c == '+' || c == '*' || c == '?') && in.peek(1) == '(') {
                parts.literal(extendedGlob(), false);
                continue;
            }
            if (Cursor.endsWord(c)) break;
            switch (c) {
                case '\\' -> escaped(parts);
                case '\'' -> parts.literal(singleQuoted(), true);
                case '"' -> doubleQuoted(parts);
                case '$' -> dollar(parts, false);
                case '`' -> parts.add(backticks(false));
                case '~' -> {
                    if (parts.isEmpty()) {
                        parts.add(tilde());
                    } else {
                        parts.literal("~", false);
                        in.pos++;
                    }
                }
                default -> {
                    parts.literal(String.valueOf(c), false);
                    in.pos++;
                }
            }
        }
        return parts.word();
    }

    /** The body of an unquoted here-document: only {@code $}, backticks and backslash are special. */
    Word hereDocumentBody() {
        Parts parts = new Parts();
        while (!in.atEnd()) quotedCharacter(parts, "$`\\\n");
        return parts.word();
    }

    /**
     * One character where quoting is double-quote-like: a backslash escapes only the characters in
     * {@code escapable} (and drops a newline), {@code $} and backticks expand, anything else is literal.
     */
    private void quotedCharacter(Parts parts, String escapable) {
        char c = in.peek();
        if (c == '\\' && in.pos + 1 < in.text.length() && escapable.indexOf(in.peek(1)) >= 0) {
            if (in.peek(1) != '\n') parts.literal(String.valueOf(in.peek(1)), true);
            in.pos += 2;
        } else if (c == '$') {
            dollar(parts, true);
        } else if (c == '`') {
            parts.add(backticks(true));
        } else {
            parts.literal(String.valueOf(c), true);
            in.pos++;
        }
    }

    private void escaped(Parts parts) {
        char next = in.peek(1);
        if (next == '\n') {
            in.pos += 2;
        } else if (in.pos + 1 >= in.text.length()) {
            parts.literal("\\", true);
            in.pos++;
        } else {
            parts.literal(String.valueOf(next), true);
            in.pos += 2;
        }
    }

    private String singleQuoted() {
        int end = in.text.indexOf('\'', in.pos + 1);
        if (end < 0) throw in.error("unterminated single quote");
        String body = in.text.substring(in.pos + 1, end);
        in.pos = end + 1;
        return body;
    }

    private void doubleQuoted(Parts parts) {
        int start = in.pos;
        in.pos++;
        parts.literal("", true);
        while (true) {
            if (in.atEnd()) {
                in.pos = start;
                throw in.error("unterminated double quote");
            }
            if (in.peek() == '"') {
                in.pos++;
                return;
            }
            quotedCharacter(parts, "$`\"\\\n");
        }
    }

    private void dollar(Parts parts, boolean quoted) {
        char next = in.peek(1);
        if (next == '(' && in.peek(2) == '(') {
            parts.add(new Part.Dynamic(in.balancedParens("$(("), quoted));
        } else if (next == '(') {
            in.pos += 2;
            parts.add(new Part.Substitution(parser.nestedUntilParen(), quoted, false));
        } else if (next == '{') {
            parts.add(braced(quoted));
        } else if (next == '\'' && !quoted) {
            AnsiCQuote.Decoded decoded = AnsiCQuote.decode(in.text, in.pos + 2);
            if (decoded == null) throw in.error("unterminated $'...' quote");
            parts.literal(decoded.text(), true);
            in.pos = decoded.end();
        } else if (next == '"' && !quoted) {
            in.pos++;
            doubleQuoted(parts);
        } else if (Character.isLetter(next) || next == '_') {
            int start = in.pos + 1;
            int end = start;
            while (end < in.text.length() && isNameChar(in.text.charAt(end))) end++;
            parts.add(new Part.Parameter(in.text.substring(start, end), null, quoted));
            in.pos = end;
        } else if (Character.isDigit(next)) {
            parts.add(new Part.Parameter(String.valueOf(next), null, quoted));
            in.pos += 2;
        } else if (next != 0 && "@*#?$!-".indexOf(next) >= 0) {
            parts.add(new Part.Dynamic("$" + next, quoted));
            in.pos += 2;
        } else {
            parts.literal("$", quoted);
            in.pos++;
        }
    }

    /** {@code ${NAME}}, {@code ${NAME:-fallback}} / {@code ${NAME-fallback}}; anything fancier is dynamic. */
    private Part braced(boolean quoted) {
        int start = in.pos;
        int depth = 0;
        int i = in.pos + 1;
        for (; i < in.text.length(); i++) {
            char c = in.text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                break;
            }
        }
        if (i >= in.text.length()) throw in.error("unterminated ${");
        String inner = in.text.substring(start + 2, i);
        in.pos = i + 1;
        int n = 0;
        while (n < inner.length() && isNameChar(inner.charAt(n))) n++;
        boolean positional = n > 0 && inner.substring(0, n).chars().allMatch(Character::isDigit);
        if (n == 0 || !(positional || Character.isLetter(inner.charAt(0)) || inner.charAt(0) == '_')) {
            return new Part.Dynamic("${" + inner + "}", quoted);
        }
        String name = inner.substring(0, n);
        String rest = inner.substring(n);
        if (rest.isEmpty()) return new Part.Parameter(name, null, quoted);
        String fallback = rest.startsWith(":-") ? rest.substring(2) : rest.startsWith("-") ? rest.substring(1) : null;
        if (fallback != null && fallback.indexOf('$') < 0 && fallback.indexOf('`') < 0) {
            return new Part.Parameter(name, stripQuotes(fallback), quoted);
        }
        return new Part.Dynamic("${" + inner + "}", quoted);
    }

    private static String stripQuotes(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private Part backticks(boolean quoted) {
        int start = in.pos;
        StringBuilder body = new StringBuilder();
        int i = in.pos + 1;
        for (; i < in.text.length(); i++) {
            char c = in.text.charAt(i);
            if (c == '`') break;
            if (c == '\\' && i + 1 < in.text.length() && "$`\\".indexOf(in.text.charAt(i + 1)) >= 0) {
                body.append(in.text.charAt(++i));
            } else {
                body.append(c);
            }
        }
        if (i >= in.text.length()) {
            in.pos = start;
            throw in.error("unterminated backquote");
        }
        in.pos = i + 1;
        return new Part.Substitution(ShellParser.parse(body.toString(), in.depth + 1), quoted, false);
    }

    private Part tilde() {
        int start = in.pos + 1;
        int end = start;
        while (end < in.text.length() && !Cursor.endsWord(in.text.charAt(end)) && in.text.charAt(end) != '/') end++;
        String user = in.text.substring(start, end);
        if (!user.chars().allMatch(c -> isNameChar((char) c) || c == '-' || c == '.')) {
            in.pos++;
            return new Part.Literal("~", false);
        }
        in.pos = end;
        return new Part.Tilde(user);
    }

    /** {@code @(a|b)} and friends: kept as pattern text. */
    private String extendedGlob() {
        int start = in.pos;
        in.pos++;
        in.balancedParens("(");
        return in.text.substring(start, in.pos);
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Accumulates parts, merging adjacent literal text of the same quoting. */
    private static final class Parts {
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private boolean textQuoted;
        private boolean hasText;

        boolean isEmpty() {
            return parts.isEmpty() && !hasText;
        }

        void literal(String s, boolean quoted) {
            if (hasText && quoted != textQuoted) flush();
            text.append(s);
            textQuoted = quoted;
            hasText = true;
        }

        void add(Part part) {
            flush();
            parts.add(part);
        }

        private void flush() {
            if (hasText) parts.add(new Part.Literal(text.toString(), textQuoted));
            text.setLength(0);
            hasText = false;
        }

        Word word() {
            flush();
            return new Word(parts);
        }
    }
}
