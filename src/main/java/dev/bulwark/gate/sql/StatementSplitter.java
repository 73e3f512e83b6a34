package dev.bulwark.gate.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query string into statements exactly where PostgreSQL does. The server parses a whole
 * simple-protocol query string with one grammar run ({@code stmtmulti: stmtmulti ';' toplevel_stmt}),
 * so every {@code ;} token ends a statement, at any parenthesis depth (a {@code ;} inside parentheses
 * is a syntax error that rejects the whole string, so splitting there is harmless). The one exception
 * is the SQL-standard body of CREATE FUNCTION/PROCEDURE, {@code BEGIN ATOMIC ... END}, whose inner
 * statements end in semicolons; like psql, we count {@code CASE}/{@code END} inside it. Empty
 * statements are dropped, as the server drops them.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    public static List<SqlStatement> split(String sql, boolean standardConformingStrings) {
        List<Token> tokens = SqlLexer.tokenize(sql, standardConformingStrings);
        List<SqlStatement> out = new ArrayList<>();
        int first = 0;
        int atomicDepth = 0;
        boolean routine = false;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.type() == TokenType.ERROR) {
                out.add(statement(sql, tokens, first, k + 1));
                return out;
            }
            if (t.isPunct(";") && atomicDepth == 0) {
                if (k > first) out.add(statement(sql, tokens, first, k));
                first = k + 1;
                routine = false;
            } else if ((t.isKeyword("function") || t.isKeyword("procedure")) && startsCreate(tokens, first, k)) {
                routine = true;
            } else if (routine && t.isKeyword("begin") && k + 1 < tokens.size() && tokens.get(k + 1).isKeyword("atomic")) {
                atomicDepth++;
            } else if (atomicDepth > 0 && t.isKeyword("case")) {
                atomicDepth++;
            } else if (atomicDepth > 0 && t.isKeyword("end")) {
                atomicDepth--;
            }
        }
        if (first < tokens.size()) out.add(statement(sql, tokens, first, tokens.size()));
        return out;
    }

    /** Whether tokens [first, k) are exactly {@code CREATE} or {@code CREATE OR REPLACE}. */
    private static boolean startsCreate(List<Token> tokens, int first, int k) {
        if (k - first == 1) return tokens.get(first).isKeyword("create");
        return k - first == 3 && tokens.get(first).isKeyword("create") && tokens.get(first + 1).isKeyword("or")
                && tokens.get(first + 2).isKeyword("replace");
    }

    private static SqlStatement statement(String sql, List<Token> tokens, int from, int to) {
        int start = tokens.get(from).start();
        int end = tokens.get(to - 1).end();
        return new SqlStatement(sql.substring(start, end), start, end, List.copyOf(tokens.subList(from, to)));
    }
}
