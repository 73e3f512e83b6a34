package dev.bulwark.rehearse.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.gate.sql.SqlLexer;
import dev.bulwark.rehearse.sql.AlterAction.ConstraintKind;

class ShapeParserTest {
    private static Shape parse(String sql) {
        return ShapeParser.parse(new Words(SqlLexer.tokenize(sql, true), sql));
    }

    @Test
    void alterTableSubcommandsAreReadOneByOne() {
        Shape.AlterTable a = (Shape.AlterTable) parse("ALTER TABLE IF EXISTS ONLY app.\"Orders\" "
                + "ADD COLUMN IF NOT EXISTS note varchar(20) NOT NULL DEFAULT 'x', "
                + "DROP COLUMN legacy CASCADE, "
                + "ALTER COLUMN total SET DATA TYPE numeric(12, 2) USING total::numeric, "
                + "ALTER amount TYPE bigint COLLATE \"C\", "
                + "ALTER COLUMN state SET NOT NULL, "
                + "ADD CONSTRAINT orders_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID, "
                + "ADD UNIQUE USING INDEX orders_code_idx, "
                + "ADD PRIMARY KEY (id) USING INDEX TABLESPACE fast, "
                + "ALTER COLUMN note SET DEFAULT 'y'");
        assertThat(a.table()).isEqualTo(ObjectName.of("app", "Orders"));
        assertThat(a.actions()).containsExactly(
                new AlterAction.AddColumn("note", "varchar(20)", true, ((AlterAction.AddColumn) a.actions().get(0)).defaultWords(), false, false),
                new AlterAction.DropColumn("legacy"),
                new AlterAction.ColumnType("total", "numeric(12, 2)", "total::numeric"),
                new AlterAction.ColumnType("amount", "bigint", null),
                new AlterAction.SetNotNull("state"),
                new AlterAction.AddConstraint("orders_fk", ConstraintKind.FOREIGN_KEY, true, false),
                new AlterAction.AddConstraint(null, ConstraintKind.UNIQUE, false, true),
                new AlterAction.AddConstraint(null, ConstraintKind.PRIMARY_KEY, false, false),
                new AlterAction.Other("ALTER COLUMN"));
        assertThat(((AlterAction.AddColumn) a.actions().get(0)).defaultWords().size()).isEqualTo(1);
    }

    @Test
    void addColumnSeesGeneratedValuesAndInlineKeys() {
        Shape.AlterTable a = (Shape.AlterTable) parse("ALTER TABLE t ADD n bigint GENERATED ALWAYS AS IDENTITY, ADD code text UNIQUE, "
                + "ADD c int CHECK (c > 0) DEFAULT 1");
        assertThat(a.actions()).extracting(x -> ((AlterAction.AddColumn) x).generated()).containsExactly(true, false, false);
        assertThat(a.actions()).extracting(x -> ((AlterAction.AddColumn) x).uniqueOrKey()).containsExactly(false, true, false);
        assertThat(((AlterAction.AddColumn) a.actions().get(2)).defaultWords().word(0)).isEmpty();
        assertThat(((AlterAction.AddColumn) a.actions().get(2)).type()).isEqualTo("int");
    }

    @Test
    void renamesOfTablesColumnsAndOtherObjects() {
        assertThat(((Shape.AlterTable) parse("ALTER TABLE t RENAME COLUMN a TO b")).actions()).containsExactly(new AlterAction.Rename("a", "b"));
        assertThat(((Shape.AlterTable) parse("ALTER TABLE t RENAME a TO b")).actions()).containsExactly(new AlterAction.Rename("a", "b"));
        assertThat(((Shape.AlterTable) parse("ALTER TABLE t RENAME TO u")).actions()).containsExactly(new AlterAction.Rename(null, "u"));
        assertThat(parse("ALTER MATERIALIZED VIEW IF EXISTS s.v RENAME TO w")).isEqualTo(new Shape.AlterTable(ObjectName.of("s", "v"),
                List.of(new AlterAction.Rename(null, "w"))));
        assertThat(parse("ALTER VIEW v RENAME TO w")).isEqualTo(new Shape.Rename("view", ObjectName.of("v")));
        assertThat(parse("ALTER FUNCTION f(int) RENAME TO g")).isEqualTo(new Shape.Rename("function", ObjectName.of("f")));
        assertThat(parse("ALTER SEQUENCE s OWNED BY t.id")).isInstanceOf(Shape.Other.class);
    }

    @Test
    void dropsTruncatesAndIndexes() {
        assertThat(parse("DROP TABLE IF EXISTS a, s.b CASCADE")).isEqualTo(new Shape.Drop("table", List.of(ObjectName.of("a"),
                ObjectName.of("s", "b")), false, true));
        assertThat(parse("DROP INDEX CONCURRENTLY IF EXISTS i")).isEqualTo(new Shape.Drop("index", List.of(ObjectName.of("i")), true, false));
        assertThat(parse("DROP FUNCTION f(int, text), g()")).isEqualTo(new Shape.Drop("function", List.of(ObjectName.of("f"),
                ObjectName.of("g")), false, false));
        assertThat(parse("DROP MATERIALIZED VIEW mv")).isEqualTo(new Shape.Drop("materialized view", List.of(ObjectName.of("mv")), false, false));
        assertThat(parse("TRUNCATE TABLE ONLY a, b * RESTART IDENTITY CASCADE")).isEqualTo(new Shape.Truncate(
                List.of(ObjectName.of("a"), ObjectName.of("b")), true));
        assertThat(parse("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t USING btree (a)"))
                .isEqualTo(new Shape.CreateIndex(ObjectName.of("i"), ObjectName.of("s", "t"), true, true));
        assertThat(parse("CREATE INDEX ON t ((lower(\"on\")))")).isEqualTo(new Shape.CreateIndex(null, ObjectName.of("t"), false, false));
        assertThat(parse("CREATE UNLOGGED TABLE IF NOT EXISTS s.t (a int)")).isEqualTo(new Shape.CreateTable(ObjectName.of("s", "t")));
        assertThat(parse("CREATE TABLE t2 AS SELECT * FROM t")).isEqualTo(new Shape.CreateTable(ObjectName.of("t2")));
    }

    @Test
    void updatesAndDeletesWithAndWithoutTheirOwnWhere() {
        assertThat(parse("WITH d AS (DELETE FROM a RETURNING *) UPDATE b SET x = (SELECT 1 FROM c WHERE c.id = 1)"))
                .isEqualTo(new Shape.Modify(List.of(new Shape.Change("delete", ObjectName.of("a"), false),
                        new Shape.Change("update", ObjectName.of("b"), false))));
        assertThat(parse("UPDATE ONLY a SET x = 1 FROM b WHERE a.id = b.id")).isEqualTo(new Shape.Modify(List.of(
                new Shape.Change("update", ObjectName.of("a"), true))));
        assertThat(parse("INSERT INTO a VALUES (1) ON CONFLICT (id) DO UPDATE SET x = 2")).isEqualTo(new Shape.Modify(List.of()));
        assertThat(parse("MERGE INTO a USING b ON a.id = b.id WHEN MATCHED THEN DELETE")).isEqualTo(new Shape.Modify(List.of()));
    }

    @Test
    void settingsTransactionsAndMaintenance() {
        assertThat(parse("SET LOCAL lock_timeout TO '3s'")).isEqualTo(new Shape.Setting("lock_timeout", "3s", true));
        assertThat(parse("SET lock_timeout = 0")).isEqualTo(new Shape.Setting("lock_timeout", "0", false));
        assertThat(parse("SET SESSION lock_timeout TO DEFAULT")).isEqualTo(new Shape.Setting("lock_timeout", null, false));
        assertThat(parse("RESET lock_timeout")).isEqualTo(new Shape.Setting("lock_timeout", null, false));
        assertThat(parse("SELECT set_config('lock_timeout', '2s', true)")).isEqualTo(new Shape.Setting("lock_timeout", "2s", true));
        assertThat(parse("START TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isEqualTo(new Shape.Transaction(Shape.TxCommand.BEGIN, null));
        assertThat(parse("END")).isEqualTo(new Shape.Transaction(Shape.TxCommand.COMMIT, null));
        assertThat(parse("ROLLBACK TRANSACTION TO SAVEPOINT s")).isEqualTo(new Shape.Transaction(Shape.TxCommand.ROLLBACK_TO, "s"));
        assertThat(parse("COMMIT PREPARED 'x'")).isEqualTo(new Shape.Transaction(Shape.TxCommand.PREPARED, null));
        assertThat(parse("PREPARE q AS SELECT 1")).isEqualTo(new Shape.Other("PREPARE"));
        assertThat(parse("VACUUM (VERBOSE, FULL) a, b (c)")).isEqualTo(new Shape.Rewrite("VACUUM FULL", List.of(ObjectName.of("a"), ObjectName.of("b"))));
        assertThat(parse("VACUUM ANALYZE a")).isEqualTo(new Shape.Other("VACUUM"));
        assertThat(parse("CLUSTER idx ON t")).isEqualTo(new Shape.Rewrite("CLUSTER", List.of(ObjectName.of("t"))));
        assertThat(parse("REINDEX (VERBOSE) TABLE CONCURRENTLY t")).isEqualTo(new Shape.Reindex(true));
        assertThat(parse("LOCK TABLE a, b IN SHARE MODE")).isEqualTo(new Shape.Lock(List.of(ObjectName.of("a"), ObjectName.of("b"))));
    }

    @Test
    void namesCompareAsPostgresResolvesThem() {
        assertThat(ObjectName.of("t").sameAs(ObjectName.of("public", "t"))).isTrue();
        assertThat(ObjectName.of("a", "t").sameAs(ObjectName.of("b", "t"))).isFalse();
        assertThat(ObjectName.of("My Table").regclassText()).isEqualTo("\"My Table\"");
    }
}
