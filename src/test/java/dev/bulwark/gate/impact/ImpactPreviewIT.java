package dev.bulwark.gate.impact;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/** The preview against a real server, as superuser and as a SELECT-only role; nothing may change. */
class ImpactPreviewIT {
    private static Production production;

    @BeforeAll
    static void start() throws SQLException {
        production = Production.start("app",
                "CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL, note text)",
                "INSERT INTO accounts SELECT g, g % 100, 'n' || g FROM generate_series(1, 100000) g",
                "CREATE TABLE archive (id int, balance int)",
                "CREATE TABLE old_logs (id int PRIMARY KEY, v int)",
                "INSERT INTO old_logs SELECT g, g FROM generate_series(1, 1234) g",
                "CREATE TABLE src (id int, balance int)",
                "INSERT INTO src SELECT g * 3, 1 FROM generate_series(1, 10) g",
                "CREATE TABLE customers (id int PRIMARY KEY)",
                "INSERT INTO customers SELECT generate_series(1, 50)",
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers)",
                "INSERT INTO orders SELECT g, g % 50 + 1 FROM generate_series(1, 200) g",
                "CREATE TABLE order_lines (id int, order_id int REFERENCES orders)",
                "INSERT INTO order_lines SELECT g, g % 200 + 1 FROM generate_series(1, 300) g",
                "CREATE VIEW customer_orders AS SELECT c.id, count(o.id) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id",
                "ANALYZE",
                "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static Impact preview(String sql) throws SQLException {
        try (Connection c = production.sandbox().connect("app")) {
            Impact impact = ImpactPreview.preview(c, sql);
            assertThat(c.getAutoCommit()).isTrue();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("connection still usable").isTrue();
            }
            return impact;
        }
    }

    private static Connection reader() throws SQLException {
        PgUrl url = production.sandbox().url("app");
        Properties p = url.jdbcProperties();
        p.setProperty("user", "reader");
        p.setProperty("password", "reader-pw");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /** Every row of every table, the columns and indexes: any change anywhere changes this. */
    private static String checksum() throws SQLException {
        try (Connection c = production.sandbox().connect("app"); Statement st = c.createStatement()) {
            StringBuilder b = new StringBuilder();
            for (String t : List.of("accounts", "archive", "old_logs", "src", "customers", "orders", "order_lines")) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM " + t + " x")) {
                    rs.next();
                    b.append(t).append(':').append(rs.getLong(1)).append(':').append(rs.getString(2)).append(' ');
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT md5(string_agg(c.relname || '.' || a.attname || ':' || a.atttypid, ',' ORDER BY 1))"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped")) {
                rs.next();
                b.append(rs.getString(1));
            }
            return b.toString();
        }
    }

    private static TableImpact table(Impact i, String name) {
        return i.tables().stream().filter(t -> t.table().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + i));
    }

    @Test
    void deleteWithoutWhereTouchesAllRows() throws SQLException {
        String before = checksum();
        Impact i = preview("DELETE FROM accounts");
        assertThat(i.error()).isNull();
        assertThat(i.tables()).containsExactly(new TableImpact("public.accounts", "DELETE", 100_000L, 100_000L, 100.0));
        assertThat(i.flags()).containsExactly("no WHERE clause", "touches all rows");
        assertThat(i.summary()).isEqualTo("DELETE on public.accounts: ~100,000 of 100,000 rows (100%); flags: no WHERE clause, touches all rows");
        assertThat(i.toJson()).contains("\"table\" : \"public.accounts\"", "\"share_percent\" : 100.0");
        assertThat(checksum()).isEqualTo(before);
    }

    @Test
    void selectiveUpdateIsASmallShare() throws SQLException {
        Impact i = preview("UPDATE accounts SET balance = 0 WHERE id < 50");
        assertThat(i.error()).isNull();
        TableImpact t = table(i, "public.accounts");
        assertThat(t.action()).isEqualTo("UPDATE");
        assertThat(t.estimatedRows()).isBetween(1L, 500L);
        assertThat(t.sharePercent()).isLessThan(1.0);
        assertThat(i.flags()).isEmpty();
    }

    @Test
    void insertSelect() throws SQLException {
        Impact i = preview("INSERT INTO archive SELECT id, balance FROM accounts WHERE balance = 7");
        assertThat(i.error()).isNull();
        TableImpact t = table(i, "public.archive");
        assertThat(t.action()).isEqualTo("INSERT");
        assertThat(t.estimatedRows()).isBetween(300L, 3000L);
        assertThat(t.tableRows()).isZero();
        assertThat(t.sharePercent()).isNull();
    }

    @Test
    void writableCteReportsEveryTarget() throws SQLException {
        Impact i = preview("WITH moved AS (DELETE FROM old_logs RETURNING *) INSERT INTO archive SELECT id, v FROM moved");
        assertThat(i.error()).isNull();
        assertThat(table(i, "public.old_logs").action()).isEqualTo("DELETE");
        assertThat(table(i, "public.old_logs").estimatedRows()).isEqualTo(1234L);
        assertThat(table(i, "public.archive").action()).isEqualTo("INSERT");
        assertThat(i.flags()).contains("no WHERE clause", "touches all rows");
    }

    @Test
    void merge() throws SQLException {
        Impact i = preview("MERGE INTO accounts a USING src s ON a.id = s.id WHEN MATCHED THEN UPDATE SET balance = s.balance"
                + " WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.balance, 'm')");
        assertThat(i.error()).isNull();
        TableImpact t = table(i, "public.accounts");
        assertThat(t.action()).isEqualTo("MERGE");
        assertThat(t.estimatedRows()).isBetween(1L, 20L);
        assertThat(i.flags()).isEmpty();
    }

    @Test
    void dropTableWithRowsAndDependents() throws SQLException {
        Impact i = preview("DROP TABLE old_logs");
        assertThat(i.error()).isNull();
        assertThat(i.tables()).containsExactly(new TableImpact("public.old_logs", "DROP TABLE", 1234L, 1234L, 100.0));
        assertThat(i.flags()).containsExactly("DROP TABLE of a table with 1,234 rows (public.old_logs)");

        Impact cascade = preview("DROP TABLE customers CASCADE");
        assertThat(cascade.flags()).contains("CASCADE drops the foreign keys of public.orders that reference public.customers",
                "CASCADE drops view public.customer_orders");
        Impact restrict = preview("DROP TABLE customers");
        assertThat(restrict.notes()).anyMatch(n -> n.contains("public.orders references public.customers"));
    }

    @Test
    void dropIfExistsOfMissingTable() throws SQLException {
        Impact i = preview("DROP TABLE IF EXISTS nope, public.old_logs");
        assertThat(i.error()).isNull();
        assertThat(i.tables()).extracting(TableImpact::table).containsExactly("public.old_logs");
        assertThat(i.notes()).containsExactly("nope does not exist: IF EXISTS skips it");
    }

    @Test
    void truncateCascadeEmptiesReferencingTables() throws SQLException {
        Impact i = preview("TRUNCATE customers CASCADE");
        assertThat(i.error()).isNull();
        assertThat(i.tables()).containsExactly(
                new TableImpact("public.customers", "TRUNCATE", 50L, 50L, 100.0),
                new TableImpact("public.orders", "TRUNCATE (CASCADE)", 200L, 200L, 100.0),
                new TableImpact("public.order_lines", "TRUNCATE (CASCADE)", 300L, 300L, 100.0));
        assertThat(i.flags()).containsExactly("TRUNCATE of a table with 50 rows (public.customers)",
                "TRUNCATE CASCADE also empties public.orders (200 rows)",
                "TRUNCATE CASCADE also empties public.order_lines (300 rows)");
    }

    @Test
    void alterTableOnALargeTable() throws SQLException {
        Impact i = preview("ALTER TABLE accounts ADD COLUMN c int");
        assertThat(i.error()).isNull();
        assertThat(i.tables()).containsExactly(new TableImpact("public.accounts", "ALTER TABLE", null, 100_000L, null));
        assertThat(i.flags()).hasSize(2);
        assertThat(i.flags().get(0)).startsWith("ACCESS EXCLUSIVE lock on public.accounts (100,000 rows, ").endsWith("): blocks reads and writes");
        assertThat(i.flags().get(1)).isEqualTo("exclusive lock on a large table: public.accounts");

        Impact small = preview("ALTER TABLE src ADD COLUMN c int");
        assertThat(small.flags()).hasSize(1).allMatch(f -> f.startsWith("ACCESS EXCLUSIVE lock on public.src (10 rows"));
    }

    @Test
    void createIndex() throws SQLException {
        Impact i = preview("CREATE INDEX ON accounts (balance)");
        assertThat(i.error()).isNull();
        assertThat(i.tables()).extracting(TableImpact::action).containsExactly("CREATE INDEX");
        assertThat(i.flags()).anyMatch(f -> f.startsWith("SHARE lock on public.accounts") && f.endsWith("blocks writes"))
                .contains("write-blocking lock on a large table: public.accounts");
        Impact concurrently = preview("CREATE INDEX CONCURRENTLY ON accounts (balance)");
        assertThat(concurrently.flags()).isEmpty();
        assertThat(concurrently.notes()).anyMatch(n -> n.contains("does not block reads or writes"));
    }

    @Test
    void errorsAreRecordedNotThrown() throws SQLException {
        Impact syntax = preview("DELETE FROM accounts WHERE");
        assertThat(syntax.error()).contains("syntax error");
        assertThat(syntax.tables()).isEmpty();
        Impact missing = preview("UPDATE nope SET a = 1 WHERE b = 2");
        assertThat(missing.error()).contains("relation \"nope\" does not exist");
        Impact unscannable = preview("DELETE FROM accounts WHERE note = 'open");
        assertThat(unscannable.error()).contains("cannot scan");
        Impact other = preview("GRANT SELECT ON accounts TO PUBLIC");
        assertThat(other.notes()).containsExactly("no preview for this kind of statement");
        assertThat(other.summary()).isEqualTo("no preview for this kind of statement");
    }

    @Test
    void multipleStatementsContinuePastAFailure() throws SQLException {
        Impact i = preview("DELETE FROM nope; DELETE FROM accounts WHERE id = 1; DROP TABLE old_logs; SELECT 1");
        assertThat(i.error()).startsWith("statement 1: ").contains("\"nope\" does not exist");
        assertThat(i.tables()).extracting(TableImpact::table, TableImpact::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("public.accounts", "DELETE"),
                        org.assertj.core.groups.Tuple.tuple("public.old_logs", "DROP TABLE"));
        assertThat(i.notes()).contains("statement 4: no preview for this kind of statement");
        assertThat(i.flags()).containsExactly("no WHERE clause", "DROP TABLE of a table with 1,234 rows (public.old_logs)");
    }

    @Test
    void lockTimeoutKeepsThePreviewShort() throws SQLException {
        try (Connection holder = production.sandbox().connect("app"); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE archive IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            Impact i = preview("DELETE FROM archive WHERE id = 1");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
            assertThat(i.error()).contains("lock timeout");
            holder.rollback();
        }
    }

    @Test
    void selectOnlyRolePreviewsAndChangesNothing() throws SQLException {
        String before = checksum();
        try (Connection c = reader()) {
            Impact delete = ImpactPreview.preview(c, "DELETE FROM accounts");
            assertThat(delete.error()).isNull();
            assertThat(delete.tables()).containsExactly(new TableImpact("public.accounts", "DELETE", 100_000L, 100_000L, 100.0));
            assertThat(delete.flags()).containsExactly("no WHERE clause", "touches all rows");
            assertThat(delete.notes()).anyMatch(n -> n.contains("equivalent SELECT"));

            Impact update = ImpactPreview.preview(c, "UPDATE accounts a SET balance = 1 FROM src s WHERE s.id = a.id RETURNING a.id");
            assertThat(update.error()).isNull();
            assertThat(table(update, "public.accounts").estimatedRows()).isBetween(1L, 20L);

            Impact insert = ImpactPreview.preview(c, "INSERT INTO archive VALUES (1, 2)");
            assertThat(insert.error()).contains("permission denied");

            Impact drop = ImpactPreview.preview(c, "DROP TABLE old_logs; TRUNCATE customers CASCADE; ALTER TABLE accounts DROP COLUMN note");
            assertThat(drop.error()).isNull();
            assertThat(drop.tables()).extracting(TableImpact::table).containsExactly("public.old_logs", "public.customers",
                    "public.orders", "public.order_lines", "public.accounts");
            assertThat(drop.flags()).contains("exclusive lock on a large table: public.accounts");
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(checksum()).isEqualTo(before);
    }
}
