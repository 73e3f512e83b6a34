package dev.bulwark.gate.sql;

import java.util.List;
import java.util.Optional;

import dev.bulwark.gate.sql.Classification.Read;
import dev.bulwark.gate.sql.Classification.Write;

/**
 * Decides whether SQL is provably a read. Fail closed: anything not positively recognised as a read
 * is a {@link Write} with the reason it was not allowed.
 *
 * <p>Policy decisions (see also {@link FunctionPolicy}, {@link SettingRules}):
 * <ul>
 * <li>Function calls: only known built-in read functions; unknown and schema-qualified user functions
 *     are writes ("cannot prove ... does not write"). pg_sleep is allowed (the gate's
 *     statement_timeout bounds it; it changes nothing).</li>
 * <li>Cursors: DECLARE of a read is allowed, WITH HOLD too (it only keeps the result readable after
 *     commit); FETCH/MOVE only from cursors declared through the gate; CLOSE always.</li>
 * <li>LISTEN/UNLISTEN are reads (they only subscribe this session); NOTIFY is a write.</li>
 * <li>RESET ALL and DISCARD are writes: they could undo settings the gate relies on and forget prepared
 *     statements behind the gate's back.</li>
 * <li>EXPLAIN without ANALYZE does not run its statement, so EXPLAIN of INSERT/UPDATE/DELETE/MERGE is
 *     a read if its functions are allowed (planning may evaluate immutable functions); EXPLAIN ANALYZE
 *     only of a read.</li>
 * <li>Transaction control is a read unless it can make the transaction read-write (READ WRITE) or
 *     touches two-phase commit (PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED).</li>
 * </ul>
 * Classifying PREPARE, DECLARE, CLOSE and DEALLOCATE updates the {@link SessionState}.
 */
public final class Classifier {

    /** Classifies every statement in {@code sql}; a Write if any of them is not a read. */
    public Classification classify(String sql, SessionState state) {
        List<SqlStatement> statements = StatementSplitter.split(sql, state.standardConformingStrings());
        if (statements.isEmpty()) return new Read("empty query");
        Classification last = null;
        for (int n = 0; n < statements.size(); n++) {
            Classification c = classifyStatement(statements.get(n), state);
            if (!c.isRead()) {
                return statements.size() == 1 ? c : new Write("statement " + (n + 1) + " of " + statements.size() + ": " + c.reason());
            }
            last = c;
        }
        return statements.size() == 1 ? last : new Read("all " + statements.size() + " statements are reads");
    }

    /** Classifies one statement produced by {@link StatementSplitter}. */
    public Classification classifyStatement(SqlStatement statement, SessionState state) {
        List<Token> t = statement.tokens();
        if (statement.hasError()) return new Write("cannot classify: " + t.get(t.size() - 1).value());
        return classify(t, 0, t.size(), state);
    }

    private Classification classify(List<Token> t, int from, int to, SessionState state) {
        if (from >= to) return new Read("empty statement");
        Token first = t.get(from);
        if (QueryRules.startsQuery(t, from, to)) return verdict(QueryRules.checkQuery(t, from, to), "query only reads");
        if (first.type() != TokenType.IDENTIFIER) return new Write("cannot classify statement starting with " + first.text());
        return switch (first.value()) {
            case "explain" -> explain(t, from, to, state);
            case "show" -> new Read("SHOW");
            case "set" -> verdict(SettingRules.checkSet(t, from, to), "SET of an allow-listed setting");
            case "reset" -> verdict(SettingRules.checkReset(t, from, to), "RESET of an allow-listed setting");
            case "begin", "start" -> begin(t, from, to);
            case "commit", "end", "rollback", "abort" -> endTransaction(t, from, to);
            case "savepoint", "release" -> new Read("savepoint");
            case "declare" -> CursorRules.declare(t, from, to, state);
            case "fetch", "move" -> CursorRules.fetch(t, from, to, state);
            case "close" -> CursorRules.close(t, from, to, state);
            case "prepare" -> prepare(t, from, to, state);
            case "execute" -> execute(t, from, to, state);
            case "deallocate" -> CursorRules.deallocate(t, from, to, state);
            case "copy" -> CopyRules.copy(t, from, to);
            case "listen", "unlisten" -> new Read(first.value().toUpperCase() + " only subscribes this session");
            default -> new Write(QueryRules.describe(first) + " is not a read-only statement");
        };
    }

    private static Classification verdict(Optional<String> problem, String readReason) {
        return problem.<Classification>map(Write::new).orElseGet(() -> new Read(readReason));
    }

    private Classification explain(List<Token> t, int from, int to, SessionState state) {
        ExplainOptions options = ExplainOptions.parse(t, from + 1, to);
        if (options.problem() != null) return new Write(options.problem());
        int inner = options.statementStart();
        if (inner >= to) return new Write("cannot classify EXPLAIN without a statement");
        Token kind = t.get(inner);
        boolean query = QueryRules.startsQuery(t, inner, to);
        if (query || kind.isKeyword("execute")) {
            Classification c = classify(t, inner, to, state);
            return c.isRead() ? new Read("EXPLAIN of a read") : new Write("EXPLAIN of a write: " + c.reason());
        }
        if (options.analyze()) return new Write("EXPLAIN ANALYZE runs " + QueryRules.describe(kind));
        if (kind.isKeyword("insert") || kind.isKeyword("update") || kind.isKeyword("delete") || kind.isKeyword("merge")) {
            return verdict(QueryRules.checkExpressions(t, inner, to), "EXPLAIN without ANALYZE does not run the statement");
        }
        return new Write("EXPLAIN of " + QueryRules.describe(kind) + " is not allowed");
    }

    private static Classification begin(List<Token> t, int from, int to) {
        int i = from + 1;
        if (t.get(from).isKeyword("start")) {
            if (i >= to || !t.get(i).isKeyword("transaction")) return new Write("cannot classify START");
            i++;
        } else if (i < to && (t.get(i).isKeyword("work") || t.get(i).isKeyword("transaction"))) {
            i++;
        }
        return verdict(SettingRules.checkTransactionModes(t, i, to), "transaction start without READ WRITE");
    }

    private static Classification endTransaction(List<Token> t, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            Token tok = t.get(k);
            if (tok.isKeyword("prepared")) return new Write("two-phase commit is not allowed");
            if (tok.isKeyword("to")) return new Read("ROLLBACK TO SAVEPOINT");
            boolean known = tok.isKeyword("work") || tok.isKeyword("transaction") || tok.isKeyword("and")
                    || tok.isKeyword("no") || tok.isKeyword("chain");
            if (!known) return new Write("cannot classify " + QueryRules.describe(t.get(from)) + " with " + tok.text());
        }
        return new Read("transaction end");
    }

    private Classification prepare(List<Token> t, int from, int to, SessionState state) {
        if (from + 1 >= to || !t.get(from + 1).isName()) return new Write("cannot classify PREPARE");
        if (t.get(from + 1).isKeyword("transaction")) return new Write("PREPARE TRANSACTION (two-phase commit) is not allowed");
        String name = t.get(from + 1).value();
        int i = from + 2;
        if (i < to && t.get(i).isPunct("(")) i = CteNames.matchingParen(t, i, to) + 1;
        if (i <= 0 || i >= to || !t.get(i).isKeyword("as")) return new Write("cannot classify PREPARE " + name);
        Classification inner = QueryRules.startsQuery(t, i + 1, to) ? classify(t, i + 1, to, state)
                : new Write(QueryRules.describe(t.get(Math.min(i + 1, to - 1))) + " is not a read-only statement");
        state.recordPrepared(name, inner.isRead());
        return inner.isRead() ? new Read("PREPARE of a read") : new Write("PREPARE of a write: " + inner.reason());
    }

    private static Classification execute(List<Token> t, int from, int to, SessionState state) {
        if (from + 1 >= to || !t.get(from + 1).isName()) return new Write("cannot classify EXECUTE");
        String name = t.get(from + 1).value();
        if (!state.isReadPrepared(name)) return new Write("prepared statement " + name + " is not known to be a read");
        int i = from + 2;
        if (i < to && !t.get(i).isPunct("(")) return new Write("cannot classify EXECUTE " + name);
        return verdict(QueryRules.checkExpressions(t, i, to), "EXECUTE of a read");
    }
}
