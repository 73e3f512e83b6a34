package dev.bulwark.rehearse.script;

import dev.bulwark.rehearse.sql.Shape;
import dev.bulwark.rehearse.sql.ShapeParser;
import dev.bulwark.rehearse.sql.Words;

/**
 * One statement of a migration file, as psql would send it.
 *
 * @param number its place in the whole rehearsal, from 1
 * @param file   the file as reports name it
 * @param line   the line it starts on, from 1
 * @param sql    its text, from its first token to its last (no terminating semicolon)
 */
public record ScriptStatement(int number, String file, int line, String sql, Words words, Shape shape) {

    public ScriptStatement(int number, String file, int line, String sql, Words words) {
        this(number, file, line, sql, words, ShapeParser.parse(words));
    }

    /** The file line of a 1-based character position in {@link #sql}, as PostgreSQL reports error positions. */
    public int lineOf(int position) {
        int line = this.line;
        for (int i = 0; i < Math.min(position - 1, sql.length()); i++) {
            if (sql.charAt(i) == '\n') line++;
        }
        return line;
    }

    /** The statement on one line, shortened for tables and messages. */
    public String summary(int max) {
        String one = sql.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    public String where() {
        return file + ":" + line;
    }
}
