package dev.bulwark.hooks.shell;

/** Decodes the body of bash's {@code $'...'} quoting, where backslash escapes work as in C. */
final class AnsiCQuote {
    record Decoded(String text, int end) {
    }

    private AnsiCQuote() {
    }

    /** Decodes from {@code start} (just after the opening quote); null when the closing quote is missing. */
    static Decoded decode(String s, int start) {
        StringBuilder out = new StringBuilder();
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') return new Decoded(out.toString(), i + 1);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'e', 'E' -> out.append('\u001b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = number(s, i, 16, 2, out);
                case 'u' -> i = number(s, i, 16, 4, out);
                case 'U' -> i = number(s, i, 16, 8, out);
                case 'c' -> {
                    if (i < s.length()) out.append((char) (s.charAt(i++) & 0x1f));
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        i = number(s, i - 1, 8, 3, out);
                    } else {
                        out.append(e);
                    }
                }
            }
        }
        return null;
    }

    private static int number(String s, int i, int radix, int maxDigits, StringBuilder out) {
        int end = i;
        while (end < s.length() && end - i < maxDigits && Character.digit(s.charAt(end), radix) >= 0) end++;
        if (end == i) {
            out.append('\\').append(s.charAt(i - 1));
            return i;
        }
        long code = Long.parseLong(s.substring(i, end), radix);
        out.appendCodePoint(Character.isValidCodePoint((int) code) && code <= Character.MAX_CODE_POINT ? (int) code : 0xFFFD);
        return end;
    }
}
