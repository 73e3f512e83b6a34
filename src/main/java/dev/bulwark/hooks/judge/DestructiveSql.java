package dev.bulwark.hooks.judge;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.bulwark.gate.sql.SqlLexer;
import dev.bulwark.gate.sql.SqlStatement;
import dev.bulwark.gate.sql.StatementSplitter;
import dev.bulwark.gate.sql.Token;
import dev.bulwark.gate.sql.TokenType;

/**
 * Finds SQL that destroys data wherever it runs: DROP (DATABASE, TABLE, SCHEMA...), TRUNCATE, ALTER TABLE
 * ... DROP COLUMN, and DELETE or UPDATE without a WHERE clause (or with one that is always true), also
 * inside data-modifying CTEs and DO blocks. Uses the gate's PostgreSQL lexer, so that a keyword inside a
 * string or comment is not mistaken for one, and one hidden in a DO block's body is not missed.
 */
final class DestructiveSql {
    private static final Set<String> KEPT_BY_ALTER_DROP = Set.of("constraint", "default", "not", "identity", "expression",
            "statistics");
    private static final Pattern MENTIONS = Pattern.compile("(?i)\\b(drop|truncate|delete|update)\\b");
    private static final int SHOWN = 80;

    private DestructiveSql() {
    }

    /** The first destructive statement, shown as written (shortened), with what it does. */
    static Optional<String> find(String sql) {
        for (SqlStatement st : StatementSplitter.split(sql, true)) {
            Optional<String> found = st.hasError()
                    ? (MENTIONS.matcher(st.text()).find() ? Optional.of("unreadable SQL that mentions DROP, TRUNCATE, DELETE"
                    + " or UPDATE (" + st.tokens().get(st.tokens().size() - 1).value() + ")") : Optional.empty())
                    : statement(st.tokens()).map(what -> shown(st.text()) + " (" + what + ")");
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** Whether any string constant holds destructive SQL: what {@code \gexec} or a DO block would run. */
    static Optional<String> inStrings(String sql) {
        for (Token t : SqlLexer.tokenize(sql, true)) {
            if ((t.type() == TokenType.STRING || t.type() == TokenType.DOLLAR_STRING) && MENTIONS.matcher(t.value()).find()) {
                Optional<String> inner = find(t.value());
                if (inner.isPresent()) return inner;
                if (t.value().strip().toLowerCase().matches("(drop|truncate|delete)\\b.*")) {
                    return Optional.of("generated " + shown(t.value().strip()) + "... (destroys data)");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> statement(List<Token> t) {
        if (t.isEmpty()) return Optional.empty();
        Token first = t.get(0);
        if (first.isKeyword("drop")) {
            return Optional.of(t.size() > 1 && t.get(1).isKeyword("database") ? "deletes a whole database" : "drops data");
        }
        if (first.isKeyword("truncate")) return Optional.of("empties tables");
        if (first.isKeyword("alter") && dropsColumn(t)) return Optional.of("drops a column and its data");
        if (first.isKeyword("do")) return doBlock(t);
        for (int k = 0; k < t.size(); k++) {
            Token tok = t.get(k);
            if (!(tok.isKeyword("delete") || tok.isKeyword("update")) || !startsDml(t, k)) continue;
            String verb = tok.isKeyword("delete") ? "deletes" : "rewrites";
            int where = where(t, k);
            if (where < 0) return Optional.of(verb + " every row: no WHERE clause");
            if (alwaysTrue(t, where + 1)) return Optional.of(verb + " every row: its WHERE clause is always true");
        }
        return Optional.empty();
    }

    /** DELETE FROM / UPDATE x SET as a statement of its own, or inside a CTE or EXPLAIN ANALYZE. */
    private static boolean startsDml(List<Token> t, int k) {
        boolean placed = k == 0 || t.get(k - 1).isPunct("(") || t.get(k - 1).isPunct(")") || t.get(k - 1).isKeyword("analyze")
                || t.get(k - 1).isKeyword("verbose");
        if (!placed || k + 1 >= t.size()) return false;
        if (t.get(k).isKeyword("delete")) return t.get(k + 1).isKeyword("from");
        for (int i = k + 1; i < t.size() && i < k + 8; i++) {
            if (t.get(i).isKeyword("set")) return true;
        }
        return false;
    }

    /** Index of the WHERE at the DML statement's own parenthesis level, or -1. */
    private static int where(List<Token> t, int from) {
        int depth = 0;
        for (int i = from + 1; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.isPunct("(")) depth++;
            else if (tok.isPunct(")") && --depth < 0) return -1;
            else if (depth == 0 && tok.isKeyword("where")) return i;
        }
        return -1;
    }

    /** {@code WHERE true}, {@code WHERE 1=1}, {@code WHERE 'a' = 'a'} as the whole condition. */
    private static boolean alwaysTrue(List<Token> t, int i) {
        int end;
        if (i < t.size() && t.get(i).isKeyword("true")) {
            end = i + 1;
        } else if (i + 2 < t.size() && t.get(i + 1).type() == TokenType.OPERATOR && t.get(i + 1).text().equals("=")
                && t.get(i).text().equals(t.get(i + 2).text()) && t.get(i).type() != TokenType.PARAMETER) {
            end = i + 3;
        } else {
            return false;
        }
        return end >= t.size() || t.get(end).isKeyword("returning") || t.get(end).isPunct(")");
    }

    private static boolean dropsColumn(List<Token> t) {
        if (t.size() < 2 || !t.get(1).isKeyword("table")) return false;
        for (int k = 2; k + 1 < t.size(); k++) {
            if (!t.get(k).isKeyword("drop")) continue;
            Token next = t.get(k + 1);
            if (next.isKeyword("column")) return true;
            if (next.isName() && !(next.type() == TokenType.IDENTIFIER && KEPT_BY_ALTER_DROP.contains(next.value()))) return true;
        }
        return false;
    }

    /** A DO block's body: DROP or TRUNCATE anywhere in it, or destructive SQL it executes from a string. */
    private static Optional<String> doBlock(List<Token> t) {
        for (Token tok : t) {
            if (tok.type() != TokenType.DOLLAR_STRING && tok.type() != TokenType.STRING) continue;
            for (Token inner : SqlLexer.tokenize(tok.value(), true)) {
                if (inner.isKeyword("drop") || inner.isKeyword("truncate")) return Optional.of("a DO block that runs " + inner.text().toUpperCase());
            }
            Optional<String> executed = find(tok.value()).or(() -> inStrings(tok.value()));
            if (executed.isPresent()) return Optional.of("a DO block that runs " + executed.get());
        }
        return Optional.empty();
    }

    private static String shown(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= SHOWN ? oneLine : oneLine.substring(0, SHOWN) + "...";
    }
}
