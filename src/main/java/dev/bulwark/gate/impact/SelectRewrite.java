package dev.bulwark.gate.impact;

import java.util.List;
import java.util.Optional;

import dev.bulwark.gate.sql.SqlStatement;
import dev.bulwark.gate.sql.Token;

/**
 * The SELECT that reads the rows a plain UPDATE or DELETE would change:
 * {@code DELETE FROM t a USING u WHERE c RETURNING x} becomes {@code SELECT 1 FROM t a , u WHERE c}, and
 * {@code UPDATE t a SET ... FROM u WHERE c} becomes {@code SELECT 1 FROM t a , u WHERE c}. It exists
 * because EXPLAIN checks the statement's own privileges and the gate's role may only SELECT. Only
 * statements that start with the verb are rewritten (a WITH in front could hold other writes), and
 * {@code WHERE CURRENT OF} is left alone (the cursor lives in the agent's session, not ours).
 * The pieces are cut from the original text at token boundaries, so nothing is re-quoted.
 */
record SelectRewrite(String verb, QualifiedName target, String select) {

    static Optional<SelectRewrite> of(SqlStatement s) {
        List<Token> t = s.tokens();
        if (t.size() < 2 || currentOf(t)) return Optional.empty();
        if (t.get(0).isKeyword("delete") && t.get(1).isKeyword("from")) return delete(s, t);
        if (t.get(0).isKeyword("update")) return update(s, t);
        return Optional.empty();
    }

    private static Optional<SelectRewrite> delete(SqlStatement s, List<Token> t) {
        QualifiedName target = targetName(t, 2);
        if (target == null) return Optional.empty();
        int end = clauseEnd(t, 2, "returning");
        int using = TokenScan.topLevel(t, "using", 2, end);
        String from = using < 0 ? text(s, t, 2, end) : text(s, t, 2, using) + " , " + text(s, t, using + 1, end);
        return Optional.of(new SelectRewrite("DELETE", target, "SELECT 1 FROM " + from));
    }

    private static Optional<SelectRewrite> update(SqlStatement s, List<Token> t) {
        QualifiedName target = targetName(t, 1);
        int set = TokenScan.topLevel(t, "set", 1, t.size());
        if (target == null || set < 0) return Optional.empty();
        int end = clauseEnd(t, set, "returning");
        int where = TokenScan.topLevel(t, "where", set, end);
        int from = TokenScan.topLevel(t, "from", set, where < 0 ? end : where);
        StringBuilder b = new StringBuilder("SELECT 1 FROM ").append(text(s, t, 1, set));
        if (from >= 0) b.append(" , ").append(text(s, t, from + 1, where < 0 ? end : where));
        if (where >= 0) b.append(' ').append(text(s, t, where, end));
        return Optional.of(new SelectRewrite("UPDATE", target, b.toString()));
    }

    /** The name after an optional ONLY at {@code k}. */
    private static QualifiedName targetName(List<Token> t, int k) {
        if (k < t.size() && t.get(k).isKeyword("only")) k++;
        if (k >= t.size() || !t.get(k).isName()) return null;
        List<String> parts = new java.util.ArrayList<>(List.of(t.get(k).value()));
        while (k + 2 < t.size() && t.get(k + 1).isPunct(".") && t.get(k + 2).isName()) {
            parts.add(t.get(k + 2).value());
            k += 2;
        }
        return new QualifiedName(parts);
    }

    private static int clauseEnd(List<Token> t, int from, String keyword) {
        int k = TokenScan.topLevel(t, keyword, from, t.size());
        return k < 0 ? t.size() : k;
    }

    private static boolean currentOf(List<Token> t) {
        int where = TokenScan.topLevel(t, "where", 0, t.size());
        return where >= 0 && where + 1 < t.size() && t.get(where + 1).isKeyword("current");
    }

    /** Source text of tokens [from, to), comments between them included. */
    private static String text(SqlStatement s, List<Token> t, int from, int to) {
        if (from >= to) return "";
        return s.text().substring(t.get(from).start() - s.start(), t.get(to - 1).end() - s.start());
    }
}
