package dev.bulwark.access.readonly;

/**
 * One statement the proof runs as the role inside a transaction that is rolled back, and what
 * must happen. A write passes only when refused with the expected SQLSTATE: any other error means
 * the privilege check let it through (or it never ran), which proves nothing.
 *
 * @param copyIn the statement is a COPY ... FROM STDIN, sent with no data
 */
record Attempt(String group, String what, String sql, boolean copyIn, Expect expect) {
    enum Expect {
        /** refused by privileges: 42501 insufficient_privilege */
        PRIVILEGE_DENIAL("42501"),
        /** refused by the read-only transaction the role's sessions start with: 25006 */
        READ_ONLY_DENIAL("25006"),
        /** a read that must work */
        SUCCESS(null),
        /** a temporary table: allowed only while PUBLIC keeps TEMPORARY on the database */
        TEMP_TABLE("42501");

        final String sqlstate;

        Expect(String sqlstate) {
            this.sqlstate = sqlstate;
        }
    }

    static Attempt denied(String what, String sql) {
        return new Attempt("writes", what, sql, false, Expect.PRIVILEGE_DENIAL);
    }
}
