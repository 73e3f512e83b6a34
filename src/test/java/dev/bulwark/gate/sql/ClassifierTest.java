package dev.bulwark.gate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassifierTest {
    private final Classifier classifier = new Classifier();

    private Classification classify(String sql) {
        return classifier.classify(sql, new SessionState());
    }

    private void assertRead(String sql) {
        Classification c = classify(sql);
        assertThat(c.isRead()).as(sql + " -> " + c.reason()).isTrue();
    }

    private void assertWrite(String sql, String reasonPart) {
        Classification c = classify(sql);
        assertThat(c).as(sql).isInstanceOf(Classification.Write.class);
        assertThat(c.reason()).as(sql).contains(reasonPart);
    }

    @Test
    void queriesWithoutWritesAreReads() {
        assertRead("SELECT 1");
        assertRead("WITH x AS (SELECT 1) SELECT * FROM x");
        assertRead("(VALUES (1))");
    }

    @Test
    void dataModifyingCtesIntoAndRowLocksAreWrites() {
        assertWrite("WITH d AS (DELETE FROM t RETURNING 1) SELECT 1", "data-modifying CTE (DELETE)");
        assertWrite("SELECT 1 INTO x", "INTO");
        assertWrite("SELECT * FROM t FOR NO KEY UPDATE", "row lock");
    }

    @Test
    void functionPolicy() {
        assertWrite("SELECT pg_catalog.pg_terminate_backend(1)", "function pg_catalog.pg_terminate_backend is on the deny list");
        assertWrite("SELECT pg_advisory_xact_lock(1)", "deny list");
        assertWrite("SELECT f()", "cannot prove function f does not write");
        assertWrite("SELECT app.lower('x')", "cannot prove function app.lower");
        assertWrite("SELECT a.b.lower('x')", "three-part");
        assertRead("SELECT pg_catalog.lower('x'), upper('y'), \"lower\"('z')");
        assertWrite("SELECT \"LOWER\"('z')", "LOWER");
        assertRead("SELECT information_schema._pg_expandarray(ARRAY[1])");
    }

    @Test
    void tableAliasesWithColumnsAreNotCalls() {
        assertRead("SELECT * FROM t x(a, b)");
        assertRead("SELECT * FROM generate_series(1, 2) AS g(n)");
        assertWrite("SELECT * FROM t, LATERAL f(t.a)", "function f");
        assertWrite("SELECT * FROM t ORDER BY f()", "function f");
    }

    @Test
    void explain() {
        assertRead("EXPLAIN SELECT 1");
        assertRead("EXPLAIN UPDATE t SET a = 1");
        assertWrite("EXPLAIN ANALYZE UPDATE t SET a = 1", "EXPLAIN ANALYZE runs UPDATE");
        assertWrite("EXPLAIN (ANALYZE) DELETE FROM t", "EXPLAIN ANALYZE");
        assertRead("EXPLAIN (ANALYZE off) DELETE FROM t");
        assertWrite("EXPLAIN UPDATE t SET a = nextval('s')", "deny list");
        assertWrite("EXPLAIN ANALYZE WITH d AS (DELETE FROM t RETURNING 1) SELECT 1", "data-modifying CTE");
    }

    @Test
    void settings() {
        assertRead("SET DateStyle = ISO, MDY");
        assertRead("SET SESSION search_path = app, public");
        assertRead("SET SCHEMA 'app'");
        assertWrite("SET SCHEMA 'pg_catalog'", "pg_catalog");
        assertWrite("SET statement_timeout = 0", "not on the allow-list");
        assertWrite("SET ROLE admin", "identity");
        assertWrite("SET LOCAL session_authorization = 'x'", "allow-list");
        assertWrite("RESET ALL", "RESET ALL");
        assertRead("RESET TIME ZONE");
        assertWrite("SET TRANSACTION SNAPSHOT '0001'", "SNAPSHOT");
    }

    @Test
    void transactionControl() {
        assertRead("BEGIN");
        assertRead("BEGIN WORK ISOLATION LEVEL READ COMMITTED");
        assertWrite("BEGIN TRANSACTION READ WRITE", "READ WRITE");
        assertWrite("START TRANSACTION READ ONLY, READ WRITE", "READ WRITE");
        assertRead("COMMIT AND CHAIN");
        assertRead("ROLLBACK WORK TO SAVEPOINT a");
        assertWrite("COMMIT PREPARED 'x'", "two-phase");
    }

    @Test
    void preparedStatementsAreTrackedInTheSession() {
        SessionState state = new SessionState();
        assertThat(classifier.classify("PREPARE \"Q\" AS SELECT 1", state).isRead()).isTrue();
        assertThat(classifier.classify("EXECUTE q", state).isRead()).isFalse();
        assertThat(classifier.classify("EXECUTE \"Q\"", state).isRead()).isTrue();
        assertThat(classifier.classify("PREPARE w AS DELETE FROM t", state).isRead()).isFalse();
        assertThat(classifier.classify("EXECUTE w", state).reason()).contains("not known to be a read");
        assertThat(classifier.classify("EXECUTE \"Q\"(pg_terminate_backend(1))", state).isRead()).isFalse();
        classifier.classify("DEALLOCATE \"Q\"", state);
        assertThat(classifier.classify("EXECUTE \"Q\"", state).isRead()).isFalse();
    }

    @Test
    void cursorsAreTrackedInTheSession() {
        SessionState state = new SessionState();
        assertThat(classifier.classify("FETCH 1 FROM c", state).isRead()).isFalse();
        assertThat(classifier.classify("DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1", state).isRead()).isTrue();
        assertThat(classifier.classify("FETCH 1 FROM c", state).isRead()).isTrue();
        assertThat(classifier.classify("CLOSE ALL", state).isRead()).isTrue();
        assertThat(classifier.classify("MOVE NEXT IN c", state).isRead()).isFalse();
    }

    @Test
    void copy() {
        assertRead("COPY BINARY t TO STDOUT");
        assertWrite("COPY t FROM STDIN", "COPY FROM");
        assertWrite("COPY t TO '/tmp/x'", "file");
        assertWrite("COPY (SELECT 1) TO PROGRAM 'x'", "PROGRAM");
    }

    @Test
    void everythingElseIsAWriteNamedByItsKeyword() {
        assertWrite("VACUUM", "VACUUM is not a read-only statement");
        assertWrite("NOTIFY c", "NOTIFY");
        assertRead("LISTEN c");
        assertWrite("DISCARD ALL", "DISCARD");
    }

    @Test
    void multiStatementMessagesNameTheOffendingStatement() {
        assertWrite("SELECT 1; SELECT 2; DROP TABLE t", "statement 3 of 3: DROP is not a read-only statement");
        assertWrite("SELECT 'x", "cannot classify: unterminated quoted string");
        assertThat(classify("  ").isRead()).isTrue();
    }

    @Test
    void standardConformingStringsFromTheSessionIsUsed() {
        String sql = "SELECT 'a\\''; DROP TABLE t; --'";
        assertThat(classifier.classify(sql, new SessionState(true)).isRead()).isTrue();
        assertThat(classifier.classify(sql, new SessionState(false)).isRead()).isFalse();
    }
}
