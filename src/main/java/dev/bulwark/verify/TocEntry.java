package dev.bulwark.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a pg_dump archive's table of contents, as {@link TocReader} reads it from
 * {@code toc.dat}. Strings are exactly as pg_dump stored them; a field pg_dump left unset is null.
 *
 * @param dumpId   pg_dump's id for the object, unique within the archive
 * @param desc     object kind: "TABLE", "TABLE DATA", "INDEX", "SEQUENCE SET", "ENCODING", ...
 * @param namespace schema name (unquoted), or null for objects outside any schema
 * @param tag      object name (unquoted), e.g. the table name for TABLE and TABLE DATA
 * @param owner    owning role, or null/empty when not applicable
 * @param defn     the SQL that creates the object (may be empty)
 * @param copyStmt for TABLE DATA dumped with COPY: "COPY schema.table (cols) FROM stdin;\n",
 *                 otherwise null or empty
 * @param filename the data file name the directory format records for the entry, e.g.
 *                 "3345.dat" or "blobs.toc"; null when the entry has no data. pg_dump records it
 *                 without the compression suffix: on disk the file may be "3345.dat.gz",
 *                 ".lz4" or ".zst", and pg_restore finds it by probing those names.
 */
public record TocEntry(
        int dumpId,
        String desc,
        String namespace,
        String tag,
        String owner,
        String defn,
        String copyStmt,
        String filename) {

    public boolean isTableData() {
        return "TABLE DATA".equals(desc);
    }

    /**
     * The table named in {@link #copyStmt}, quoted as pg_dump quoted it (e.g.
     * {@code public."MixedCase"}); null when the entry has no COPY statement.
     */
    public String qualifiedName() {
        CopyTarget target = CopyTarget.parse(copyStmt);
        return target == null ? null : target.qualifiedName();
    }

    /**
     * The column list of {@link #copyStmt}, each identifier exactly as quoted there (e.g.
     * {@code "We,ird""col"}). Empty when there is no COPY statement or it names no columns.
     * pg_dump leaves generated columns out of this list, so it can differ from the table's columns.
     */
    public List<String> copyColumns() {
        CopyTarget target = CopyTarget.parse(copyStmt);
        return target == null ? List.of() : target.columns();
    }

    /**
     * The parts of pg_dump's {@code COPY <name> [(<cols>)] FROM stdin;}. Identifiers may be quoted
     * and then contain anything (spaces, commas, parentheses, doubled quotes), so splitting on
     * characters is only done outside quotes. A doubled quote inside a quoted identifier toggles the
     * quote state twice, which leaves it correctly unchanged.
     */
    record CopyTarget(String qualifiedName, List<String> columns) {

        /** Null for a missing/empty statement; IllegalArgumentException when it is not a COPY. */
        static CopyTarget parse(String stmt) {
            if (stmt == null || stmt.isEmpty()) {
                return null;
            }
            if (!stmt.startsWith("COPY ")) {
                throw new IllegalArgumentException("not a COPY statement: " + abbreviate(stmt));
            }
            int n = stmt.length();
            int i = "COPY ".length();
            int nameStart = i;
            boolean quoted = false;
            for (; i < n; i++) {
                char c = stmt.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (Character.isWhitespace(c) || c == '(')) {
                    break;
                }
            }
            if (quoted) {
                throw new IllegalArgumentException("unterminated quoted table name in " + abbreviate(stmt));
            }
            String name = stmt.substring(nameStart, i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("no table name in " + abbreviate(stmt));
            }
            while (i < n && Character.isWhitespace(stmt.charAt(i))) {
                i++;
            }
            if (i < n && stmt.charAt(i) == '(') {
                return new CopyTarget(name, columns(stmt, i + 1));
            }
            // pg_dump writes "COPY t  FROM stdin;" (two spaces) for a table without columns.
            if (!stmt.startsWith("FROM", i)) {
                throw new IllegalArgumentException("expected a column list or FROM in " + abbreviate(stmt));
            }
            return new CopyTarget(name, List.of());
        }

        private static List<String> columns(String stmt, int from) {
            List<String> columns = new ArrayList<>();
            boolean quoted = false;
            int start = from;
            for (int i = from; i < stmt.length(); i++) {
                char c = stmt.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == ',' || c == ')')) {
                    String column = stmt.substring(start, i).strip();
                    if (column.isEmpty()) {
                        throw new IllegalArgumentException("empty column name in " + abbreviate(stmt));
                    }
                    columns.add(column);
                    if (c == ')') {
                        return List.copyOf(columns);
                    }
                    start = i + 1;
                }
            }
            throw new IllegalArgumentException("unterminated column list in " + abbreviate(stmt));
        }

        private static String abbreviate(String s) {
            String oneLine = s.strip();
            return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
        }
    }
}
