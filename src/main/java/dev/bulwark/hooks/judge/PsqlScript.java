package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.List;

import dev.bulwark.gate.sql.SqlLexer;
import dev.bulwark.gate.sql.Token;
import dev.bulwark.gate.sql.TokenType;

/**
 * Input for psql split into the SQL the server receives and psql's own backslash commands
 * ({@code \i file}, {@code \! cmd}, {@code \c db}, {@code \gexec}...). A backslash starts a meta-command
 * only outside strings and comments, which the SQL lexer knows; it runs to the end of its line.
 */
record PsqlScript(String sql, List<MetaCommand> metaCommands) {

    /** A backslash command: {@code name} without the backslash, {@code argument} the rest of its line. */
    record MetaCommand(String name, String argument) {
        /** {@code \g} and friends send the query buffer, like a semicolon. */
        boolean endsStatement() {
            return name.equals("g") || name.equals("gx") || name.equals("gexec") || name.equals("gset") || name.equals("gdesc")
                    || name.equals(";");
        }
    }

    static PsqlScript of(String text) {
        StringBuilder sql = new StringBuilder();
        List<MetaCommand> metas = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            String rest = text.substring(from);
            Token backslash = firstBackslash(rest);
            if (backslash == null) {
                sql.append(rest);
                break;
            }
            sql.append(rest, 0, backslash.start());
            int eol = rest.indexOf('\n', backslash.start());
            String line = rest.substring(backslash.start() + 1, eol < 0 ? rest.length() : eol);
            MetaCommand meta = parse(line);
            metas.add(meta);
            sql.append(meta.endsStatement() ? ";\n" : "\n");
            from += eol < 0 ? rest.length() : eol + 1;
        }
        return new PsqlScript(sql.toString(), metas);
    }

    private static Token firstBackslash(String text) {
        for (Token t : SqlLexer.tokenize(text, true)) {
            if (t.type() == TokenType.ERROR) return null;
            if (t.isPunct("\\")) return t;
        }
        return null;
    }

    private static MetaCommand parse(String line) {
        int i = 0;
        while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '\\'
                && (i == 0 || Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == '+')) {
            i++;
        }
        if (i == 0 && !line.isEmpty()) i = 1;
        String name = line.substring(0, i);
        String argument = line.substring(i);
        int next = argument.indexOf("\\\\");
        if (next >= 0) argument = argument.substring(0, next);
        return new MetaCommand(name, argument.strip());
    }
}
