package dev.bulwark.gate.sql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the names of common table expressions that carry a column list ({@code WITH t(n) AS (...)}),
 * so the classifier does not mistake {@code t(n)} for a function call. Only the exact shape
 * {@code name ( ... ) AS [NOT] [MATERIALIZED] (} directly after {@code WITH [RECURSIVE]} or after a
 * previous CTE counts; anything else is left alone, which errs towards "write".
 */
final class CteNames {
    private CteNames() {
    }

    /** Indexes (into {@code t}) of CTE name tokens followed by a column list. */
    static Set<Integer> find(List<Token> t, int from, int to) {
        Set<Integer> names = new HashSet<>();
        for (int k = from; k < to; k++) {
            if (t.get(k).isKeyword("with")) scanList(t, k + 1, to, names);
        }
        return names;
    }

    private static void scanList(List<Token> t, int i, int to, Set<Integer> names) {
        if (i < to && t.get(i).isKeyword("recursive")) i++;
        while (i < to && t.get(i).isName()) {
            int name = i++;
            if (i < to && t.get(i).isPunct("(")) {
                int close = matchingParen(t, i, to);
                if (close < 0) return;
                i = close + 1;
                if (!isCteBodyStart(t, i, to)) return;
                names.add(name);
            }
            if (!isCteBodyStart(t, i, to)) return;
            i++;
            if (t.get(i).isKeyword("not")) i++;
            if (t.get(i).isKeyword("materialized")) i++;
            int close = matchingParen(t, i, to);
            if (close < 0) return;
            i = skipSearchAndCycle(t, close + 1, to);
            if (i >= to || !t.get(i).isPunct(",")) return;
            i++;
        }
    }

    private static boolean isCteBodyStart(List<Token> t, int i, int to) {
        if (i + 1 >= to || !t.get(i).isKeyword("as")) return false;
        Token next = t.get(i + 1);
        return next.isPunct("(") || next.isKeyword("not") || next.isKeyword("materialized");
    }

    /** Skips {@code SEARCH ... SET col} and {@code CYCLE ... USING col} clauses (which contain commas). */
    private static int skipSearchAndCycle(List<Token> t, int i, int to) {
        while (i < to && (t.get(i).isKeyword("search") || t.get(i).isKeyword("cycle"))) {
            String end = t.get(i).isKeyword("search") ? "set" : "using";
            while (i < to && !t.get(i).isKeyword(end)) i++;
            i += 2;
        }
        return i;
    }

    /** Index of the {@code )} matching the {@code (} at {@code open}, or -1. */
    static int matchingParen(List<Token> t, int open, int to) {
        if (open >= to || !t.get(open).isPunct("(")) return -1;
        int depth = 0;
        for (int k = open; k < to; k++) {
            if (t.get(k).isPunct("(")) depth++;
            else if (t.get(k).isPunct(")") && --depth == 0) return k;
        }
        return -1;
    }
}
