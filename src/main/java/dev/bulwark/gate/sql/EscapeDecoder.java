package dev.bulwark.gate.sql;

/**
 * Decodes one backslash escape of an {@code E'...'} string (or of a plain string while
 * standard_conforming_strings is off). Only the value depends on this; where the string ends is decided
 * by the lexer rule "a backslash always consumes the next character".
 */
final class EscapeDecoder {
    private EscapeDecoder() {
    }

    /** Appends the meaning of the escape at {@code i} (a backslash) and returns the index after it. */
    static int decode(String s, int i, StringBuilder value) {
        char c = s.charAt(i + 1);
        switch (c) {
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'x' -> {
                int end = hexEnd(s, i + 2, 2);
                if (end > i + 2) {
                    value.append((char) Integer.parseInt(s.substring(i + 2, end), 16));
                    return end;
                }
                value.append('x');
            }
            case 'u', 'U' -> {
                int len = c == 'u' ? 4 : 8;
                int end = hexEnd(s, i + 2, len);
                if (end == i + 2 + len) {
                    long cp = Long.parseLong(s.substring(i + 2, end), 16);
                    if (cp > 0 && cp <= Character.MAX_CODE_POINT) value.appendCodePoint((int) cp);
                    return end;
                }
                value.append(c);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = i + 1;
                    while (end < s.length() && end < i + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') end++;
                    value.append((char) (Integer.parseInt(s.substring(i + 1, end), 8) & 0xFF));
                    return end;
                }
                value.append(c);
            }
        }
        return i + 2;
    }

    private static int hexEnd(String s, int from, int max) {
        int end = from;
        while (end < s.length() && end < from + max && Character.digit(s.charAt(end), 16) >= 0) end++;
        return end;
    }
}
