package dev.bulwark.gate.impact;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.gate.sql.Token;

/**
 * Token-level checks that need no server. They work on the lexer's tokens, so words inside strings,
 * comments and quoted identifiers never count, and they track parenthesis depth so that a WHERE in a
 * subquery is not mistaken for the statement's own.
 */
final class TokenScan {
    private TokenScan() {
    }

    /**
     * The verbs ({@code DELETE}, {@code UPDATE}) of data-changing statements in {@code t} that have no
     * WHERE clause of their own: the main statement and each one inside a WITH. A verb counts only where
     * a statement can start: first token, right after {@code (} (a CTE body), or right after {@code )}
     * (the main statement after the CTE list). That leaves out {@code FOR UPDATE}, {@code ON UPDATE},
     * {@code DO UPDATE} and MERGE's {@code THEN UPDATE/DELETE}, whose rows are bounded by other clauses.
     */
    static List<String> verbsWithoutWhere(List<Token> t) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < t.size(); k++) {
            Token tok = t.get(k);
            if (!tok.isKeyword("delete") && !tok.isKeyword("update")) continue;
            if (k > 0 && !t.get(k - 1).isPunct("(") && !t.get(k - 1).isPunct(")")) continue;
            if (!hasWhereAtSameDepth(t, k + 1)) out.add(tok.value().toUpperCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** Whether a WHERE keyword follows {@code from} at depth 0 before the enclosing {@code )} closes. */
    static boolean hasWhereAtSameDepth(List<Token> t, int from) {
        int depth = 0;
        for (int k = from; k < t.size(); k++) {
            Token tok = t.get(k);
            if (tok.isPunct("(") || tok.isPunct("[")) depth++;
            else if (tok.isPunct(")") || tok.isPunct("]")) {
                if (--depth < 0) return false;
            } else if (depth == 0 && tok.isKeyword("where")) return true;
        }
        return false;
    }

    /** Index of the first {@code keyword} at depth 0 in [from, to), or -1. */
    static int topLevel(List<Token> t, String keyword, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            Token tok = t.get(k);
            if (tok.isPunct("(") || tok.isPunct("[")) depth++;
            else if (tok.isPunct(")") || tok.isPunct("]")) depth--;
            else if (depth == 0 && tok.isKeyword(keyword)) return k;
        }
        return -1;
    }

    /** Index of the {@code )} matching the {@code (} at {@code open}, or {@code t.size()} if unbalanced. */
    static int matchingParen(List<Token> t, int open) {
        int depth = 0;
        for (int k = open; k < t.size(); k++) {
            if (t.get(k).isPunct("(")) depth++;
            else if (t.get(k).isPunct(")") && --depth == 0) return k;
        }
        return t.size();
    }

    /** Splits [from, to) at depth-0 commas: the subcommands of ALTER TABLE, for instance. */
    static List<int[]> splitOnCommas(List<Token> t, int from, int to) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int k = from; k < to; k++) {
            Token tok = t.get(k);
            if (tok.isPunct("(") || tok.isPunct("[")) depth++;
            else if (tok.isPunct(")") || tok.isPunct("]")) depth--;
            else if (depth == 0 && tok.isPunct(",")) {
                parts.add(new int[] {start, k});
                start = k + 1;
            }
        }
        if (start < to) parts.add(new int[] {start, to});
        return parts;
    }
}
