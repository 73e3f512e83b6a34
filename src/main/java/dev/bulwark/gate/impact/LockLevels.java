package dev.bulwark.gate.impact;

import java.util.List;

import dev.bulwark.gate.sql.Token;

/**
 * PostgreSQL table lock levels, by strength (the numbering of lockdefs.h), and the level each
 * ALTER TABLE subcommand takes (per the ALTER TABLE reference page). Several subcommands in one
 * statement take the strongest of their levels. Anything not recognised is ACCESS EXCLUSIVE, the
 * level most forms take, so an unknown form errs towards the louder flag.
 */
final class LockLevels {
    static final String SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE";
    static final String SHARE = "SHARE";
    static final String SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE";
    static final String EXCLUSIVE = "EXCLUSIVE";
    static final String ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE";

    private static final List<String> ORDER = List.of("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE",
            SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);

    private LockLevels() {
    }

    static int rank(String level) {
        int i = ORDER.indexOf(level);
        return i < 0 ? ORDER.size() : i + 1;
    }

    /** SHARE and above conflict with ROW EXCLUSIVE: every INSERT/UPDATE/DELETE on the table waits. */
    static boolean blocksWrites(String level) {
        return rank(level) >= rank(SHARE);
    }

    /** SHARE ROW EXCLUSIVE and above: what people mean by an exclusive lock (EXCLUSIVE in the name). */
    static boolean exclusive(String level) {
        return rank(level) >= rank(SHARE_ROW_EXCLUSIVE);
    }

    /** The lock taken by ALTER TABLE whose subcommands are tokens [from, to) of {@code t}. */
    static String alterTable(List<Token> t, int from, int to) {
        String strongest = null;
        for (int[] part : TokenScan.splitOnCommas(t, from, to)) {
            String level = subcommand(t, part[0], part[1]);
            if (strongest == null || rank(level) > rank(strongest)) strongest = level;
        }
        return strongest == null ? ACCESS_EXCLUSIVE : strongest;
    }

    private static String subcommand(List<Token> t, int from, int to) {
        if (from >= to) return ACCESS_EXCLUSIVE;
        String w0 = word(t, from, to);
        String w1 = word(t, from + 1, to);
        if (w0.equals("validate") && w1.equals("constraint")) return SHARE_UPDATE_EXCLUSIVE;
        if ((w0.equals("set") || w0.equals("reset")) && t.get(from + 1 < to ? from + 1 : from).isPunct("(")) {
            return SHARE_UPDATE_EXCLUSIVE;
        }
        if (w0.equals("set") && w1.equals("without") && word(t, from + 2, to).equals("cluster")) return SHARE_UPDATE_EXCLUSIVE;
        if (w0.equals("cluster") && w1.equals("on")) return SHARE_UPDATE_EXCLUSIVE;
        if (w0.equals("attach") && w1.equals("partition")) return SHARE_UPDATE_EXCLUSIVE;
        if (w0.equals("detach") && w1.equals("partition") && word(t, to - 1, to).equals("concurrently")) {
            return SHARE_UPDATE_EXCLUSIVE;
        }
        if ((w0.equals("enable") || w0.equals("disable")) && (w1.equals("trigger")
                || ((w1.equals("replica") || w1.equals("always")) && word(t, from + 2, to).equals("trigger")))) {
            return SHARE_ROW_EXCLUSIVE;
        }
        if (w0.equals("add") && isForeignKey(t, from + 1, to)) return SHARE_ROW_EXCLUSIVE;
        if (w0.equals("alter")) {
            // ALTER [COLUMN] c SET STATISTICS n / SET (n_distinct = ...) / RESET (...)
            int k = from + 1;
            if (word(t, k, to).equals("column")) k++;
            k++;
            String a = word(t, k, to);
            String b = word(t, k + 1, to);
            if (a.equals("set") && b.equals("statistics")) return SHARE_UPDATE_EXCLUSIVE;
            if ((a.equals("set") || a.equals("reset")) && k + 1 < to && t.get(k + 1).isPunct("(")) return SHARE_UPDATE_EXCLUSIVE;
        }
        return ACCESS_EXCLUSIVE;
    }

    /** {@code ADD [CONSTRAINT name] FOREIGN KEY ...}; ADD COLUMN ... REFERENCES also adds a column: ACCESS EXCLUSIVE. */
    private static boolean isForeignKey(List<Token> t, int k, int to) {
        if (word(t, k, to).equals("constraint")) k += 2;
        return word(t, k, to).equals("foreign");
    }

    private static String word(List<Token> t, int k, int to) {
        if (k < 0 || k >= to || k >= t.size()) return "";
        Token tok = t.get(k);
        return tok.type() == dev.bulwark.gate.sql.TokenType.IDENTIFIER ? tok.value() : "";
    }
}
