package dev.bulwark.rehearse.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.bulwark.BulwarkException;
import dev.bulwark.gate.sql.SqlLexer;
import dev.bulwark.gate.sql.SqlStatement;
import dev.bulwark.gate.sql.StatementSplitter;
import dev.bulwark.gate.sql.Token;
import dev.bulwark.gate.sql.TokenType;
import dev.bulwark.rehearse.sql.Words;

/**
 * Cuts a migration file into the statements psql would send, each with the line it starts on. The
 * gate's splitter finds statement ends as the server's lexer does (strings, dollar quotes, comments,
 * BEGIN ATOMIC bodies); on top of it, like psql, a semicolon inside parentheses does not end a
 * statement (CREATE RULE ... DO (a; b)), and psql's own backslash commands are taken out of the SQL.
 */
public final class ScriptSplitter {
    /** psql commands that change nothing in the database; a rehearsal can skip them. */
    private static final Set<String> HARMLESS_META = Set.of("set", "unset", "echo", "qecho", "warn", "timing", "pset", "encoding");

    private ScriptSplitter() {
    }

    public static List<ScriptStatement> split(String file, String text, int firstNumber) {
        String sql = withoutMetaCommands(file, text);
        List<ScriptStatement> out = new ArrayList<>();
        List<SqlStatement> pieces = StatementSplitter.split(sql, true);
        for (int i = 0; i < pieces.size(); i++) {
            int start = pieces.get(i).start();
            int depth = depth(pieces.get(i).tokens());
            while (depth > 0 && i + 1 < pieces.size()) {
                depth += depth(pieces.get(++i).tokens());
            }
            int end = pieces.get(i).end();
            Words words = new Words(shifted(SqlLexer.tokenize(sql.substring(start, end), true), start), sql);
            if (isCopyFromStdin(words)) throw copyFromStdin(file, lineAt(sql, start));
            out.add(new ScriptStatement(firstNumber + out.size(), file, lineAt(sql, start), sql.substring(start, end), words));
        }
        return out;
    }

    private static BulwarkException copyFromStdin(String file, int line) {
        return BulwarkException.usage(file + ":" + line + ": COPY ... FROM STDIN reads its rows from the lines after it, which "
                + "only psql can feed; load the data with INSERT, or with COPY FROM a file on the server");
    }

    private static boolean isCopyFromStdin(Words w) {
        int from = w.is(0, "copy") ? w.find("from", 1, w.size()) : -1;
        return from > 0 && w.is(from + 1, "stdin");
    }

    private static int depth(List<Token> tokens) {
        int depth = 0;
        for (Token t : tokens) {
            if (t.isPunct("(")) depth++;
            else if (t.isPunct(")")) depth--;
        }
        return depth;
    }

    private static List<Token> shifted(List<Token> tokens, int offset) {
        return tokens.stream().map(t -> new Token(t.type(), t.text(), t.value(), t.start() + offset, t.end() + offset)).toList();
    }

    static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }

    /**
     * The text with psql backslash commands blanked out (lines and offsets kept). A backslash command
     * starts with a backslash that is a token of its own, first on its line, and runs to the end of the
     * line; a backslash inside a string, comment or dollar quote is no token, so it is left alone.
     */
    static String withoutMetaCommands(String file, String text) {
        StringBuilder out = null;
        for (Token t : SqlLexer.tokenize(text, true)) {
            if (t.type() != TokenType.PUNCTUATION || !t.text().equals("\\") || !firstOnLine(text, t.start())) continue;
            int end = text.indexOf('\n', t.start());
            if (end < 0) end = text.length();
            String command = text.substring(t.start() + 1, end).strip().split("\\s+")[0];
            if (command.equals(".")) throw copyFromStdin(file, lineAt(text, t.start()));
            if (!HARMLESS_META.contains(command)) {
                throw BulwarkException.usage(file + ":" + lineAt(text, t.start()) + ": psql command \\" + command
                        + " cannot be rehearsed (only " + HARMLESS_META.stream().sorted().map(c -> "\\" + c).toList()
                        + " are skipped); write the migration in plain SQL");
            }
            if (out == null) out = new StringBuilder(text);
            for (int i = t.start(); i < end; i++) out.setCharAt(i, ' ');
        }
        return out == null ? text : out.toString();
    }

    private static boolean firstOnLine(String text, int offset) {
        for (int i = offset - 1; i >= 0 && text.charAt(i) != '\n'; i--) {
            if (!Character.isWhitespace(text.charAt(i))) return false;
        }
        return true;
    }
}
