package dev.bulwark.gate.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the tokens of a query (SELECT, VALUES, TABLE, WITH, or a parenthesized one) only read.
 * It looks at every token, at any nesting depth: data-modifying statements (which PostgreSQL allows in
 * CTEs), {@code INTO}, row locks, and every function call and operator, which must be built-ins known
 * to only read. Each check returns the reason the query is not provably a read, or empty.
 */
final class QueryRules {
    private QueryRules() {
    }

    private static final Set<String> QUERY_STARTS = Set.of("select", "values", "table", "with");
    private static final Set<String> DATA_MODIFYING = Set.of("insert", "update", "delete", "merge");
    private static final Set<String> LOCK_STRENGTHS = Set.of("update", "share", "no", "key");
    private static final Set<String> JOIN_TYPES = Set.of("inner", "left", "right", "full", "outer", "cross", "natural");

    static boolean startsQuery(List<Token> t, int from, int to) {
        int i = from;
        while (i < to && t.get(i).isPunct("(")) i++;
        return i < to && t.get(i).type() == TokenType.IDENTIFIER && QUERY_STARTS.contains(t.get(i).value());
    }

    /** Why the query in [from, to) is not provably a read, or empty if it is. */
    static Optional<String> checkQuery(List<Token> t, int from, int to) {
        if (!startsQuery(t, from, to)) {
            return Optional.of(from < to ? describe(t.get(from)) + " is not a read-only query" : "cannot classify: empty query");
        }
        for (int k = from; k < to; k++) {
            Token tok = t.get(k);
            if (tok.type() != TokenType.IDENTIFIER) continue;
            Token prev = k > from ? t.get(k - 1) : null;
            String v = tok.value();
            if (DATA_MODIFYING.contains(v) && !(prev != null && (prev.isPunct(".") || prev.isKeyword("as")))) {
                return Optional.of("data-modifying " + (isCte(t, from, k) ? "CTE" : "statement") + " (" + v.toUpperCase() + ")");
            }
            if (v.equals("into")) return Optional.of("SELECT ... INTO creates a table");
            if (v.equals("for") && k + 1 < to && t.get(k + 1).type() == TokenType.IDENTIFIER
                    && LOCK_STRENGTHS.contains(t.get(k + 1).value())) {
                return Optional.of("row lock (FOR " + t.get(k + 1).value().toUpperCase() + ")");
            }
        }
        return checkExpressions(t, from, to);
    }

    private static boolean isCte(List<Token> t, int from, int k) {
        return t.subList(from, k).stream().anyMatch(x -> x.isKeyword("with"));
    }

    /** Checks only function calls, operators and scan errors (for statements that will not run). */
    static Optional<String> checkExpressions(List<Token> t, int from, int to) {
        Set<Integer> cteNames = CteNames.find(t, from, to);
        for (int k = from; k < to; k++) {
            Token tok = t.get(k);
            if (tok.type() == TokenType.ERROR) return Optional.of("cannot classify: " + tok.value());
            if (tok.type() == TokenType.OPERATOR) {
                Optional<String> bad = OperatorPolicy.check(null, tok.value());
                if (bad.isPresent()) return bad;
                continue;
            }
            boolean call = tok.isName() && k + 1 < to && t.get(k + 1).isPunct("(");
            if (!call) continue;
            if (tok.isKeyword("operator")) {
                int close = CteNames.matchingParen(t, k + 1, to);
                Optional<String> bad = qualifiedOperator(t, k + 2, close);
                if (bad.isPresent()) return bad;
                k = close;
                continue;
            }
            if (cteNames.contains(k) || isSyntax(t, from, k)) continue;
            Optional<String> bad = functionCall(t, from, k);
            if (bad.isPresent()) return bad;
        }
        return Optional.empty();
    }

    /** {@code OPERATOR(schema.op)}: tokens (open, close) are {@code [name .]* op}. */
    private static Optional<String> qualifiedOperator(List<Token> t, int first, int close) {
        if (close < 0 || close - first < 1 || t.get(close - 1).type() != TokenType.OPERATOR) {
            return Optional.of("cannot classify: malformed OPERATOR(...)");
        }
        String schema = null;
        if (close - first == 3 && t.get(first).isName() && t.get(first + 1).isPunct(".")) {
            schema = t.get(first).value();
        } else if (close - first != 1) {
            return Optional.of("cannot classify: malformed OPERATOR(...)");
        }
        return OperatorPolicy.check(schema, t.get(close - 1).value());
    }

    /** Whether the name at {@code k}, followed by {@code (}, is grammar rather than a function call. */
    private static boolean isSyntax(List<Token> t, int from, int k) {
        Token name = t.get(k);
        Token prev = k > from ? t.get(k - 1) : null;
        if (name.type() == TokenType.IDENTIFIER) {
            String v = name.value();
            if (Keywords.NOT_FUNCTION_NAMES.contains(v)) return true;
            if (prev != null && prev.type() == TokenType.IDENTIFIER) {
                String p = prev.value();
                if ((v.equals("sets") && p.equals("grouping")) || (v.equals("materialized") && (p.equals("as") || p.equals("not")))
                        || (v.equals("by") && (p.equals("order") || p.equals("group") || p.equals("partition")))
                        || ((v.equals("first") || v.equals("next")) && p.equals("fetch")) || (v.equals("zone") && p.equals("time"))
                        || (v.equals("second") && p.equals("to")) || (v.equals("join") && JOIN_TYPES.contains(p))) {
                    return true;
                }
            }
        }
        if (prev == null) return false;
        // "x AS t(a, b)": an alias with column names, or a type with modifiers in CAST(x AS numeric(10, 2)).
        if (prev.isKeyword("as")) return true;
        return endsOperand(t, from, k - 1);
    }

    /**
     * Whether token {@code i} ends an operand (a plain name, literal, {@code ]} or a {@code )} that does not
     * close OPERATOR(...)). The grammar never puts a function call right after an operand, so a
     * {@code name (} there is an alias with columns or an infix keyword like {@code OVER (}.
     */
    private static boolean endsOperand(List<Token> t, int from, int i) {
        Token prev = t.get(i);
        switch (prev.type()) {
            case QUOTED_IDENTIFIER, STRING, BIT_STRING, DOLLAR_STRING, NUMBER, PARAMETER -> {
                return true;
            }
            case IDENTIFIER -> {
                return !Keywords.ALL.contains(prev.value());
            }
            case PUNCTUATION -> {
                if (prev.isPunct("]")) return true;
                if (!prev.isPunct(")")) return false;
                int open = openingParen(t, from, i);
                return open > from && !t.get(open - 1).isKeyword("operator");
            }
            default -> {
                return false;
            }
        }
    }

    private static int openingParen(List<Token> t, int from, int close) {
        int depth = 0;
        for (int k = close; k >= from; k--) {
            if (t.get(k).isPunct(")")) depth++;
            else if (t.get(k).isPunct("(") && --depth == 0) return k;
        }
        return -1;
    }

    private static Optional<String> functionCall(List<Token> t, int from, int k) {
        String schema = null;
        if (k - 2 >= from && t.get(k - 1).isPunct(".")) {
            if (!t.get(k - 2).isName()) return Optional.of("cannot classify the call of " + t.get(k).value());
            if (k - 3 >= from && t.get(k - 3).isPunct(".")) {
                return Optional.of("cannot prove function " + t.get(k).value() + " does not write (three-part name)");
            }
            schema = t.get(k - 2).value();
        }
        return FunctionPolicy.check(schema, t.get(k).value());
    }

    static String describe(Token t) {
        return t.type() == TokenType.IDENTIFIER ? t.value().toUpperCase() : t.text();
    }
}
