package dev.bulwark.gate.sql;

import java.util.List;

import dev.bulwark.gate.sql.Classification.Read;
import dev.bulwark.gate.sql.Classification.Write;

/**
 * COPY is a read only as {@code COPY table [(cols)] TO STDOUT} or {@code COPY (read query) TO STDOUT};
 * COPY FROM writes a table, COPY TO a file writes on the server, COPY TO PROGRAM runs a shell command.
 */
final class CopyRules {
    private CopyRules() {
    }

    static Classification copy(List<Token> t, int from, int to) {
        int i = from + 1;
        if (i < to && t.get(i).isKeyword("binary")) i++;
        if (i >= to) return new Write("cannot classify COPY");
        if (t.get(i).isPunct("(")) {
            int close = CteNames.matchingParen(t, i, to);
            if (close < 0) return new Write("cannot classify COPY");
            var problem = QueryRules.checkQuery(t, i + 1, close);
            if (problem.isPresent()) return new Write("COPY of a write: " + problem.get());
            i = close + 1;
        } else {
            i = tableNameEnd(t, i, to);
            if (i < 0) return new Write("cannot classify COPY table name");
        }
        if (i >= to) return new Write("cannot classify COPY");
        if (t.get(i).isKeyword("from")) return new Write("COPY FROM writes a table");
        if (!t.get(i).isKeyword("to") || i + 1 >= to) return new Write("cannot classify COPY");
        Token target = t.get(i + 1);
        if (target.isKeyword("program")) return new Write("COPY TO PROGRAM runs a command on the server");
        if (!target.isKeyword("stdout")) return new Write("COPY TO a server file writes a file");
        var problem = QueryRules.checkExpressions(t, i + 2, to);
        return problem.<Classification>map(Write::new).orElseGet(() -> new Read("COPY of a read to STDOUT"));
    }

    /** After {@code name[.name[.name]] [(col, ...)]}, or -1. */
    private static int tableNameEnd(List<Token> t, int i, int to) {
        if (!t.get(i).isName()) return -1;
        i++;
        while (i + 1 < to && t.get(i).isPunct(".") && t.get(i + 1).isName()) i += 2;
        if (i < to && t.get(i).isPunct("(")) {
            int close = CteNames.matchingParen(t, i, to);
            if (close < 0) return -1;
            for (int k = i + 1; k < close; k++) {
                if (!t.get(k).isName() && !t.get(k).isPunct(",")) return -1;
            }
            i = close + 1;
        }
        return i;
    }
}
