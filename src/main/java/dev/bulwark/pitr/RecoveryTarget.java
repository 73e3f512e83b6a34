package dev.bulwark.pitr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Where a point-in-time restore stops: at a moment, or at the end of the archived WAL. */
public sealed interface RecoveryTarget {
    /** Replays every transaction that committed at or before {@code moment}, then opens the database. */
    record AtTime(Instant moment) implements RecoveryTarget {}

    /** Replays all the WAL the archive has, then opens the database. */
    record Latest() implements RecoveryTarget {}

    /** {@code latest}, or a moment with its zone: 2025-06-01T12:00:00Z, 2025-06-01 14:00:00+02:00. */
    static RecoveryTarget parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("latest")) return new Latest();
        String iso = t.replace(' ', 'T');
        try {
            return new AtTime(OffsetDateTime.parse(iso.matches(".*[+-]\\d\\d$") ? iso + ":00" : iso).toInstant());
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                throw new IllegalArgumentException("'" + text + "' has no time zone; add one, e.g. " + t + "Z or " + t + "+02:00");
            } catch (DateTimeParseException notEvenLocal) {
                throw new IllegalArgumentException("'" + text + "' is not a moment; write 'latest' or a time with its zone, e.g. "
                        + "2025-06-01T12:00:00Z");
            }
        }
    }

    static String describe(RecoveryTarget target) {
        return switch (target) {
            case AtTime t -> t.moment().toString();
            case Latest l -> "latest";
        };
    }
}
