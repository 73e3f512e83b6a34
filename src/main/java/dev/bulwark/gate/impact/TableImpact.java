package dev.bulwark.gate.impact;

import java.util.Locale;

/**
 * What one statement would do to one table. {@code estimatedRows} is the planner's estimate for DML
 * and the row count for DROP/TRUNCATE (every row goes); it is null for lock-only statements.
 * {@code tableRows} is the table's size in rows (see {@link TableStats} for when it is exact) and
 * {@code sharePercent} is estimatedRows as a share of it, null when either is unknown or the table is empty.
 */
public record TableImpact(String table, String action, Long estimatedRows, Long tableRows, Double sharePercent) {

    static TableImpact of(String table, String action, Long estimatedRows, Long tableRows) {
        return new TableImpact(table, action, estimatedRows, tableRows, share(estimatedRows, tableRows));
    }

    static Double share(Long part, Long whole) {
        if (part == null || whole == null || whole <= 0) return null;
        return Math.round(part * 1000.0 / whole) / 10.0;
    }

    /** For people: {@code DELETE on public.accounts: ~100,000 of 100,000 rows (100%)}. */
    public String describe() {
        StringBuilder b = new StringBuilder(action).append(" on ").append(table);
        if (estimatedRows != null) {
            // DML counts are planner estimates; DROP/TRUNCATE counts come from the table itself.
            b.append(": ").append(isDml() ? "~" : "").append(count(estimatedRows));
            if (tableRows != null) b.append(" of ").append(count(tableRows));
            b.append(estimatedRows == 1 && tableRows == null ? " row" : " rows");
            if (sharePercent != null) b.append(" (").append(percent(sharePercent)).append(')');
        } else if (tableRows != null) {
            b.append(": ").append(count(tableRows)).append(tableRows == 1 ? " row" : " rows");
        }
        return b.toString();
    }

    boolean isDml() {
        return switch (action) {
            case "INSERT", "UPDATE", "DELETE", "MERGE" -> true;
            default -> false;
        };
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double p) {
        if (p >= 10 || p == Math.rint(p)) return String.format(Locale.ROOT, "%.0f%%", p);
        return String.format(Locale.ROOT, "%.1f%%", p);
    }
}
