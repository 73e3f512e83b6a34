package dev.bulwark.gate.impact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.gate.sql.SqlStatement;
import dev.bulwark.gate.sql.StatementSplitter;

class ImpactTokensTest {

    private static SqlStatement one(String sql) {
        List<SqlStatement> s = StatementSplitter.split(sql, true);
        assertThat(s).hasSize(1);
        return s.get(0);
    }

    private static StatementShape shape(String sql) {
        return StatementShape.of(one(sql).tokens());
    }

    @Test
    void whereOutsideParenthesesOnly() {
        assertThat(TokenScan.verbsWithoutWhere(one("DELETE FROM t").tokens())).containsExactly("DELETE");
        assertThat(TokenScan.verbsWithoutWhere(one("DELETE FROM t WHERE id = 1").tokens())).isEmpty();
        assertThat(TokenScan.verbsWithoutWhere(one("UPDATE t SET a = (SELECT max(x) FROM u WHERE u.k = 1)").tokens()))
                .containsExactly("UPDATE");
        assertThat(TokenScan.verbsWithoutWhere(one("DELETE FROM t -- WHERE id = 1").tokens())).containsExactly("DELETE");
        assertThat(TokenScan.verbsWithoutWhere(one("DELETE FROM t RETURNING 'where'").tokens())).containsExactly("DELETE");
        assertThat(TokenScan.verbsWithoutWhere(one("DELETE FROM \"where\"").tokens())).containsExactly("DELETE");
    }

    @Test
    void verbsInsideWithAndNotOtherUpdates() {
        assertThat(TokenScan.verbsWithoutWhere(one(
                "WITH d AS (DELETE FROM a RETURNING id) UPDATE b SET x = 1 WHERE id IN (SELECT id FROM d)").tokens()))
                .containsExactly("DELETE");
        assertThat(TokenScan.verbsWithoutWhere(one("WITH d AS (DELETE FROM a WHERE id < 3 RETURNING id) DELETE FROM b").tokens()))
                .containsExactly("DELETE");
        assertThat(TokenScan.verbsWithoutWhere(one("SELECT * FROM t FOR UPDATE").tokens())).isEmpty();
        assertThat(TokenScan.verbsWithoutWhere(one("INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 2").tokens())).isEmpty();
        assertThat(TokenScan.verbsWithoutWhere(one(
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a WHEN MATCHED THEN DELETE").tokens())).isEmpty();
    }

    @Test
    void dropTableListsIfExistsAndCascade() {
        StatementShape s = shape("DROP TABLE IF EXISTS public.a, \"Mixed Case\", b CASCADE");
        assertThat(s.kind()).isEqualTo(StatementShape.Kind.DROP_TABLE);
        assertThat(s.ifExists()).isTrue();
        assertThat(s.cascade()).isTrue();
        assertThat(s.targets()).extracting(QualifiedName::toString).containsExactly("public.a", "Mixed Case", "b");
        assertThat(s.targets().get(1).regclassText()).isEqualTo("\"Mixed Case\"");
        assertThat(shape("drop table T").targets().get(0).regclassText()).isEqualTo("\"t\"");
        assertThat(shape("DROP INDEX i").kind()).isEqualTo(StatementShape.Kind.OTHER);
    }

    @Test
    void truncateForms() {
        StatementShape s = shape("TRUNCATE TABLE ONLY a, s.b * RESTART IDENTITY CASCADE");
        assertThat(s.kind()).isEqualTo(StatementShape.Kind.TRUNCATE);
        assertThat(s.cascade()).isTrue();
        assertThat(s.targets()).extracting(QualifiedName::toString).containsExactly("a", "s.b");
        assertThat(shape("truncate x").cascade()).isFalse();
    }

    @Test
    void lockLevels() {
        assertThat(shape("ALTER TABLE big ADD COLUMN c int").lockLevel()).isEqualTo(LockLevels.ACCESS_EXCLUSIVE);
        assertThat(shape("ALTER TABLE IF EXISTS ONLY big * VALIDATE CONSTRAINT c").lockLevel()).isEqualTo(LockLevels.SHARE_UPDATE_EXCLUSIVE);
        assertThat(shape("ALTER TABLE big ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES o(id)").lockLevel())
                .isEqualTo(LockLevels.SHARE_ROW_EXCLUSIVE);
        assertThat(shape("ALTER TABLE big SET (fillfactor = 70), ALTER COLUMN a SET STATISTICS 100").lockLevel())
                .isEqualTo(LockLevels.SHARE_UPDATE_EXCLUSIVE);
        assertThat(shape("ALTER TABLE big SET (fillfactor = 70), DROP COLUMN b").lockLevel()).isEqualTo(LockLevels.ACCESS_EXCLUSIVE);
        assertThat(shape("ALTER TABLE big DISABLE TRIGGER ALL").lockLevel()).isEqualTo(LockLevels.SHARE_ROW_EXCLUSIVE);
        assertThat(shape("ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b").kind()).isEqualTo(StatementShape.Kind.OTHER);

        StatementShape idx = shape("CREATE UNIQUE INDEX IF NOT EXISTS i ON ONLY s.big USING btree (a)");
        assertThat(idx.lockLevel()).isEqualTo(LockLevels.SHARE);
        assertThat(idx.targets()).extracting(QualifiedName::toString).containsExactly("s.big");
        assertThat(shape("CREATE INDEX CONCURRENTLY ON big (a)").lockLevel()).isEqualTo(LockLevels.SHARE_UPDATE_EXCLUSIVE);
        assertThat(shape("CREATE TABLE t (a int)").kind()).isEqualTo(StatementShape.Kind.OTHER);

        assertThat(shape("LOCK TABLE a, b IN SHARE ROW EXCLUSIVE MODE NOWAIT").lockLevel()).isEqualTo(LockLevels.SHARE_ROW_EXCLUSIVE);
        assertThat(shape("LOCK a").lockLevel()).isEqualTo(LockLevels.ACCESS_EXCLUSIVE);
        assertThat(shape("VACUUM (FULL, VERBOSE) a, b (x, y)").targets()).extracting(QualifiedName::toString).containsExactly("a", "b");
        assertThat(shape("VACUUM (FULL false) a").kind()).isEqualTo(StatementShape.Kind.OTHER);
        assertThat(shape("VACUUM a").kind()).isEqualTo(StatementShape.Kind.OTHER);
        assertThat(shape("VACUUM FULL").note()).contains("every table");
        assertThat(shape("CLUSTER VERBOSE a USING i").targets()).extracting(QualifiedName::toString).containsExactly("a");
        assertThat(shape("REINDEX INDEX i").targetIsIndex()).isTrue();
        assertThat(shape("REINDEX TABLE CONCURRENTLY a").lockLevel()).isEqualTo(LockLevels.SHARE_UPDATE_EXCLUSIVE);
        assertThat(shape("REINDEX DATABASE d").kind()).isEqualTo(StatementShape.Kind.OTHER);

        assertThat(LockLevels.exclusive(LockLevels.SHARE)).isFalse();
        assertThat(LockLevels.blocksWrites(LockLevels.SHARE)).isTrue();
        assertThat(LockLevels.blocksWrites(LockLevels.SHARE_UPDATE_EXCLUSIVE)).isFalse();
    }

    @Test
    void dmlKinds() {
        for (String sql : List.of("INSERT INTO t VALUES (1)", "update t set a = 1", "WITH x AS (SELECT 1) DELETE FROM t",
                "MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE")) {
            assertThat(shape(sql).kind()).as(sql).isEqualTo(StatementShape.Kind.DML);
        }
        assertThat(shape("GRANT SELECT ON t TO x").kind()).isEqualTo(StatementShape.Kind.OTHER);
    }

    @Test
    void selectRewrites() {
        SelectRewrite d = SelectRewrite.of(one("DELETE FROM ONLY s.t AS a USING u JOIN v USING (id) WHERE a.id = u.id RETURNING a.*")).orElseThrow();
        assertThat(d.select()).isEqualTo("SELECT 1 FROM ONLY s.t AS a , u JOIN v USING (id) WHERE a.id = u.id");
        assertThat(d.target()).hasToString("s.t");
        SelectRewrite u = SelectRewrite.of(one("UPDATE t x SET a = (SELECT 1 FROM y WHERE y.b = x.b), c = 2 FROM z WHERE z.id = x.id RETURNING *"))
                .orElseThrow();
        assertThat(u.select()).isEqualTo("SELECT 1 FROM t x , z WHERE z.id = x.id");
        assertThat(SelectRewrite.of(one("UPDATE t SET a = 1")).orElseThrow().select()).isEqualTo("SELECT 1 FROM t");
        assertThat(SelectRewrite.of(one("DELETE FROM t WHERE CURRENT OF c"))).isEmpty();
        assertThat(SelectRewrite.of(one("WITH q AS (SELECT 1) DELETE FROM t"))).isEmpty();
    }

    @Test
    void planWalkerFindsEveryModifyTable() {
        String plan = """
                [{"Plan": {"Node Type": "ModifyTable", "Operation": "Update", "Schema": "public", "Relation Name": "b",
                  "Plan Rows": 0, "Plans": [
                    {"Node Type": "ModifyTable", "Parent Relationship": "InitPlan", "Operation": "Delete", "Schema": "public",
                     "Relation Name": "a", "Plan Rows": 0, "Plans": [{"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Plan Rows": 500}]},
                    {"Node Type": "Hash Join", "Parent Relationship": "Outer", "Plan Rows": 42.4}]}}]""";
        assertThat(PlanWalker.modifyTables(plan)).containsExactly(
                new PlanWalker.Target("UPDATE", "public", "b", 42), new PlanWalker.Target("DELETE", "public", "a", 500));
    }

    @Test
    void summaryAndJson() {
        Impact i = new Impact(List.of(TableImpact.of("public.accounts", "DELETE", 100_000L, 100_000L)),
                List.of("no WHERE clause", "touches all rows"), List.of(), null);
        assertThat(i.summary()).isEqualTo("DELETE on public.accounts: ~100,000 of 100,000 rows (100%); flags: no WHERE clause, touches all rows");
        assertThat(i.toJson()).contains("\"estimated_rows\" : 100000", "\"share_percent\" : 100.0", "\"table_rows\"").doesNotContain("\"error\"");
        assertThat(TableImpact.of("t", "UPDATE", 3L, 1000L).describe()).isEqualTo("UPDATE on t: ~3 of 1,000 rows (0.3%)");
        assertThat(TableImpact.of("t", "DROP TABLE", 0L, 0L).describe()).isEqualTo("DROP TABLE on t: 0 of 0 rows");
        assertThat(TableImpact.of("t", "ALTER TABLE", null, 5L).describe()).isEqualTo("ALTER TABLE on t: 5 rows");
        assertThat(new Impact(List.of(), List.of(), List.of("no preview for this kind of statement"), null).summary())
                .isEqualTo("no preview for this kind of statement");
        assertThat(Impact.failed("boom").summary()).isEqualTo("preview failed: boom");
    }
}
