package dev.bulwark.pitr;

import java.util.HexFormat;
import java.util.Locale;

/** Log sequence numbers as PostgreSQL prints them: {@code 16/B374D848}. */
public final class Lsn {
    private Lsn() {}

    public static long parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 1 || slash == text.length() - 1) throw new IllegalArgumentException("'" + text + "' is not an LSN like 0/3000028");
        return (HexFormat.fromHexDigitsToLong(text.substring(0, slash)) << 32) | HexFormat.fromHexDigitsToLong(text.substring(slash + 1));
    }

    public static String format(long lsn) {
        return String.format(Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }
}
