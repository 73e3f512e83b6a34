package dev.bulwark.gate.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a SQL corpus from a test resource (attacks.sql, benign.sql in this package). Format: entries
 * separated by lines that are exactly {@code ====}; text before the first separator is a header;
 * an entry may start with option lines {@code #! scs=off}; the rest of the entry is the SQL verbatim
 * (newlines inside it are kept, the newline before the next separator is not).
 */
public final class SqlCorpus {
    public record Entry(String sql, boolean standardConformingStrings, int line) {
        @Override
        public String toString() {
            return "line " + line + (standardConformingStrings ? "" : " [scs=off]") + ": " + sql.replace("\n", "\\n");
        }
    }

    private SqlCorpus() {
    }

    public static List<Entry> load(String resource) {
        try (InputStream in = SqlCorpus.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("corpus " + resource + " missing");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read corpus " + resource, e);
        }
    }

    static List<Entry> parse(String text) {
        String[] lines = text.split("\n", -1);
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        while (i < lines.length && !lines[i].equals("====")) i++;
        while (i < lines.length) {
            int startLine = ++i;
            boolean scs = true;
            while (i < lines.length && lines[i].startsWith("#! ")) {
                if (lines[i].trim().equals("#! scs=off")) scs = false;
                i++;
            }
            StringBuilder sql = new StringBuilder();
            while (i < lines.length && !lines[i].equals("====")) {
                if (!sql.isEmpty()) sql.append('\n');
                sql.append(lines[i]);
                i++;
            }
            String s = sql.toString().stripTrailing();
            if (!s.isEmpty()) entries.add(new Entry(s, scs, startLine + 1));
        }
        return entries;
    }
}
