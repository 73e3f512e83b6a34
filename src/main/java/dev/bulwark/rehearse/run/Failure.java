package dev.bulwark.rehearse.run;

/**
 * The statement that failed, with PostgreSQL's answer.
 *
 * @param line      the line the statement starts on
 * @param errorLine the line PostgreSQL's error position points at (the start line when it gives none)
 * @param note      when the cause may be the rehearsal server rather than the migration (a role, extension or
 *                  tablespace production has and a database dump does not carry), what to check; else null
 */
public record Failure(int statement, String file, int line, int errorLine, String sql, String sqlstate, String message,
                      String detail, String hint, String note) {
    public String where() {
        return file + ":" + errorLine;
    }

    /** The note for an error that may come from what a dump leaves out, or null. */
    static String environmentNote(String sqlstate, String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if ("42704".equals(sqlstate) && m.startsWith("role ")) {
            return "roles belong to the cluster, not to a database dump: the rehearsal server has only the roles the dump names. "
                    + "If production has this role, the statement may well succeed there";
        }
        if (m.contains("extension") && (m.contains("is not available") || m.contains("control file"))) {
            return "the rehearsal server lacks this extension; install its package for PostgreSQL where Bulwark runs to rehearse it";
        }
        if ("42704".equals(sqlstate) && m.startsWith("tablespace ")) {
            return "tablespaces are not restored into the rehearsal server; the statement may succeed on production";
        }
        return null;
    }
}
