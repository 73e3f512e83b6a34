package dev.bulwark.pitr;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names PostgreSQL gives the files it archives: segments ({@code 000000010000000000000003}),
 * the last, partial segment of a timeline left at promotion ({@code ….partial}), timeline history
 * ({@code 00000002.history}) and backup history ({@code ….00000028.backup}). Anything else is
 * refused, so that a mistyped archive_command cannot write arbitrary paths into the repository.
 */
public record WalFileName(String name, Kind kind, int timeline, long log, long seg) {
    public enum Kind { SEGMENT, PARTIAL, HISTORY, BACKUP_LABEL }

    private static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\\.partial)?");
    private static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history");
    private static final Pattern BACKUP = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\\.[0-9A-F]{8}\\.backup");

    /** Parses a name, or throws IllegalArgumentException saying what a WAL file name looks like. */
    public static WalFileName parse(String name) {
        Matcher m = SEGMENT.matcher(name);
        if (m.matches()) {
            return new WalFileName(name, m.group(4) == null ? Kind.SEGMENT : Kind.PARTIAL, hex(m.group(1)), hexLong(m.group(2)),
                    hexLong(m.group(3)));
        }
        m = BACKUP.matcher(name);
        if (m.matches()) return new WalFileName(name, Kind.BACKUP_LABEL, hex(m.group(1)), hexLong(m.group(2)), hexLong(m.group(3)));
        m = HISTORY.matcher(name);
        if (m.matches()) return new WalFileName(name, Kind.HISTORY, hex(m.group(1)), 0, 0);
        throw new IllegalArgumentException("'" + name + "' is not the name of a WAL file PostgreSQL archives (a segment like "
                + "000000010000000000000003, a .partial, .history or .backup file)");
    }

    public static boolean isWalFileName(String name) {
        return SEGMENT.matcher(name).matches() || HISTORY.matcher(name).matches() || BACKUP.matcher(name).matches();
    }

    public boolean isSegment() {
        return kind == Kind.SEGMENT;
    }

    /** The segment's position on its timeline, counting from 0, for a segment size in bytes. */
    public long segmentNumber(long segmentSize) {
        return log * segmentsPerLog(segmentSize) + seg;
    }

    /** The name of segment {@code number} of a timeline, as PostgreSQL's XLogFileName writes it. */
    public static String segmentName(int timeline, long number, long segmentSize) {
        long perLog = segmentsPerLog(segmentSize);
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, number / perLog, number % perLog);
    }

    /** The segment that holds an LSN such as {@code 0/3000028}. */
    public static long segmentOf(String lsn, long segmentSize) {
        return Lsn.parse(lsn) / segmentSize;
    }

    static long segmentsPerLog(long segmentSize) {
        return 0x100000000L / segmentSize;
    }

    private static int hex(String s) {
        return HexFormat.fromHexDigits(s);
    }

    private static long hexLong(String s) {
        return HexFormat.fromHexDigitsToLong(s);
    }
}
