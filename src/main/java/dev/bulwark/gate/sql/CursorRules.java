package dev.bulwark.gate.sql;

import java.util.List;

import dev.bulwark.gate.sql.Classification.Read;
import dev.bulwark.gate.sql.Classification.Write;

/** DECLARE, FETCH/MOVE, CLOSE and DEALLOCATE, which read through or manage session objects. */
final class CursorRules {
    private CursorRules() {
    }

    /** {@code DECLARE name [options] CURSOR [WITH|WITHOUT HOLD] FOR query}: a read iff the query is. */
    static Classification declare(List<Token> t, int from, int to, SessionState state) {
        if (from + 1 >= to || !t.get(from + 1).isName()) return new Write("cannot classify DECLARE");
        String name = t.get(from + 1).value();
        int i = from + 2;
        while (i < to && !t.get(i).isKeyword("for")) i++;
        if (i >= to) return new Write("cannot classify DECLARE " + name);
        var problem = QueryRules.checkQuery(t, i + 1, to);
        if (problem.isPresent()) return new Write("cursor over a write: " + problem.get());
        state.declareCursor(name);
        return new Read("DECLARE cursor over a read");
    }

    /** FETCH/MOVE read from a cursor; it must have been declared through the gate. */
    static Classification fetch(List<Token> t, int from, int to, SessionState state) {
        Token last = t.get(to - 1);
        if (to - from < 2 || !last.isName()) return new Write("cannot classify " + QueryRules.describe(t.get(from)));
        if (!state.isCursor(last.value())) return new Write("cursor " + last.value() + " was not declared through the gate");
        return new Read(QueryRules.describe(t.get(from)) + " from a read cursor");
    }

    static Classification close(List<Token> t, int from, int to, SessionState state) {
        if (to - from != 2 || !t.get(from + 1).isName()) return new Write("cannot classify CLOSE");
        if (t.get(from + 1).isKeyword("all")) state.closeAllCursors();
        else state.closeCursor(t.get(from + 1).value());
        return new Read("CLOSE cursor");
    }

    static Classification deallocate(List<Token> t, int from, int to, SessionState state) {
        int i = from + 1;
        if (i < to && t.get(i).isKeyword("prepare")) i++;
        if (i != to - 1 || !t.get(i).isName()) return new Write("cannot classify DEALLOCATE");
        if (t.get(i).isKeyword("all")) state.deallocateAll();
        else state.deallocate(t.get(i).value());
        return new Read("DEALLOCATE");
    }
}
