package dev.bulwark.gate.sql;

import java.util.List;
import java.util.Set;

/**
 * The options of an EXPLAIN: {@code EXPLAIN [ANALYZE] [VERBOSE] stmt} or {@code EXPLAIN (opt [value], ...)
 * stmt}. ANALYZE counts as on unless its value is clearly false, so a value we do not understand runs
 * the statement (fail closed).
 */
record ExplainOptions(boolean analyze, int statementStart, String problem) {
    private static final Set<String> FALSE_VALUES = Set.of("false", "off", "0", "no");

    static ExplainOptions parse(List<Token> t, int i, int to) {
        boolean analyze = false;
        if (i < to && t.get(i).isPunct("(")) {
            int close = CteNames.matchingParen(t, i, to);
            if (close < 0) return new ExplainOptions(true, to, "cannot classify EXPLAIN options");
            int k = i + 1;
            while (k < close) {
                Token option = t.get(k);
                int end = k + 1;
                while (end < close && !t.get(end).isPunct(",")) end++;
                if (option.isKeyword("analyze") || option.isKeyword("analyse")) {
                    boolean off = end == k + 2 && FALSE_VALUES.contains(t.get(k + 1).value().toLowerCase(java.util.Locale.ROOT));
                    if (!off) analyze = true;
                }
                k = end + 1;
            }
            return new ExplainOptions(analyze, close + 1, null);
        }
        while (i < to && (t.get(i).isKeyword("analyze") || t.get(i).isKeyword("analyse") || t.get(i).isKeyword("verbose"))) {
            if (!t.get(i).isKeyword("verbose")) analyze = true;
            i++;
        }
        return new ExplainOptions(analyze, i, null);
    }
}
