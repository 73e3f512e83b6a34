package dev.bulwark.rehearse.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.rehearse.script.Migration;
import dev.bulwark.rehearse.script.MigrationSet;
import dev.bulwark.rehearse.script.ScriptSplitter;

/** Every rule on SQL that must trigger it and on look-alikes that must not. */
class RulesTest {
    private static List<Finding> run(Rule rule, String... files) {
        List<Migration> migrations = new java.util.ArrayList<>();
        int next = 1;
        for (int i = 0; i < files.length; i++) {
            Migration m = new Migration("V" + (i + 1) + "__m.sql", String.valueOf(i + 1), ScriptSplitter.split("V" + (i + 1) + "__m.sql", files[i], next));
            next += m.statements().size();
            migrations.add(m);
        }
        return Rules.check(new MigrationSet(migrations, List.of()), List.of(rule));
    }

    private static void fires(Rule rule, String sql, String messagePart) {
        List<Finding> found = run(rule, sql);
        assertThat(found).as("%s on: %s", rule.name(), sql).hasSize(1);
        assertThat(found.get(0).message()).contains(messagePart);
        assertThat(found.get(0).rule()).isEqualTo(rule.name());
        assertThat(found.get(0).fix()).isNotBlank().doesNotContain("\n");
    }

    private static void silent(Rule rule, String sql) {
        assertThat(run(rule, sql)).as("%s on: %s", rule.name(), sql).isEmpty();
    }

    @Test
    void dropTable() {
        fires(new DropTable(), "DROP TABLE IF EXISTS public.attendees CASCADE", "public.attendees");
        silent(new DropTable(), "SELECT 'DROP TABLE attendees'; -- DROP TABLE x\nDROP VIEW v");
        silent(new DropTable(), "CREATE TABLE tmp (id int); DROP TABLE tmp");
    }

    @Test
    void dropColumn() {
        fires(new DropColumn(), "ALTER TABLE attendees ADD COLUMN x int, DROP COLUMN IF EXISTS company", "attendees.company");
        fires(new DropColumn(), "alter table only \"Sales\" drop \"Note\" cascade", "Sales.Note");
        silent(new DropColumn(), "ALTER TABLE attendees DROP CONSTRAINT attendees_email_key");
        silent(new DropColumn(), "ALTER TABLE attendees ALTER COLUMN company DROP DEFAULT");
        silent(new DropColumn(), "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b");
    }

    @Test
    void dropSchema() {
        fires(new DropSchema(), "DROP SCHEMA archive CASCADE", "CASCADE drops every table");
        silent(new DropSchema(), "DROP TABLE schema_versions");
    }

    @Test
    void truncate() {
        fires(new Truncate(), "TRUNCATE TABLE events CASCADE", "CASCADE empties");
        fires(new Truncate(), "truncate a, b", "a, b removes every row");
        silent(new Truncate(), "DELETE FROM events WHERE id = 1");
    }

    @Test
    void deleteWithoutWhere() {
        fires(WithoutWhere.delete(), "DELETE FROM attendees", "attendees");
        fires(WithoutWhere.delete(), "WITH gone AS (DELETE FROM sessions RETURNING id) SELECT count(*) FROM gone", "sessions");
        silent(WithoutWhere.delete(), "DELETE FROM attendees WHERE created_at < now() - interval '5 years'");
        silent(WithoutWhere.delete(), "DELETE FROM a USING b WHERE a.id = b.id");
        silent(WithoutWhere.delete(), "SELECT 'DELETE FROM attendees'");
        silent(WithoutWhere.delete(), "CREATE TABLE t (id int); DELETE FROM t");
    }

    @Test
    void updateWithoutWhere() {
        fires(WithoutWhere.update(), "UPDATE attendees SET company = NULL", "attendees");
        fires(WithoutWhere.update(), "UPDATE t SET a = (SELECT max(b) FROM u WHERE u.id = 1)", "UPDATE t");
        silent(WithoutWhere.update(), "UPDATE attendees SET company = NULL WHERE id = 5");
        silent(WithoutWhere.update(), "INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET n = 2");
        silent(WithoutWhere.update(), "SELECT * FROM t FOR UPDATE");
        silent(WithoutWhere.update(), "ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u ON UPDATE CASCADE NOT VALID");
    }

    @Test
    void columnTypeChange() {
        fires(new ColumnTypeChange(), "ALTER TABLE events ALTER COLUMN capacity TYPE bigint", "events.capacity becomes bigint");
        fires(new ColumnTypeChange(), "ALTER TABLE t ALTER c SET DATA TYPE numeric(10,0) USING round(c)", "numeric(10,0)");
        silent(new ColumnTypeChange(), "ALTER TABLE t ALTER COLUMN c SET DEFAULT 'type'");
        silent(new ColumnTypeChange(), "ALTER TYPE mood ADD VALUE 'meh'");
    }

    @Test
    void setNotNull() {
        fires(new SetNotNull(), "ALTER TABLE attendees ALTER COLUMN company SET NOT NULL", "attendees.company");
        silent(new SetNotNull(), "ALTER TABLE attendees ALTER COLUMN company DROP NOT NULL");
        silent(new SetNotNull(), "CREATE TABLE t (c int); ALTER TABLE t ALTER c SET NOT NULL");
    }

    @Test
    void notNullColumnWithoutDefault() {
        fires(new NotNullColumnWithoutDefault(), "ALTER TABLE attendees ADD COLUMN tier text NOT NULL", "attendees.tier");
        silent(new NotNullColumnWithoutDefault(), "ALTER TABLE attendees ADD COLUMN tier text NOT NULL DEFAULT 'basic'");
        silent(new NotNullColumnWithoutDefault(), "ALTER TABLE attendees ADD COLUMN tier text");
        silent(new NotNullColumnWithoutDefault(), "ALTER TABLE attendees ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY");
    }

    @Test
    void volatileDefault() {
        fires(new VolatileDefault(), "ALTER TABLE attendees ADD COLUMN token uuid DEFAULT gen_random_uuid()", "gen_random_uuid()");
        fires(new VolatileDefault(), "ALTER TABLE attendees ADD COLUMN seen timestamptz NOT NULL DEFAULT clock_timestamp()", "clock_timestamp()");
        fires(new VolatileDefault(), "ALTER TABLE attendees ADD COLUMN n bigserial", "type bigserial");
        fires(new VolatileDefault(), "ALTER TABLE t ADD c int GENERATED ALWAYS AS (a * 2) STORED", "generated");
        silent(new VolatileDefault(), "ALTER TABLE attendees ADD COLUMN seen timestamptz DEFAULT now()");
        silent(new VolatileDefault(), "ALTER TABLE attendees ADD COLUMN note text DEFAULT 'random()'");
        silent(new VolatileDefault(), "ALTER TABLE attendees ALTER COLUMN token SET DEFAULT gen_random_uuid()");
    }

    @Test
    void indexWithoutConcurrently() {
        fires(new IndexWithoutConcurrently(), "CREATE UNIQUE INDEX IF NOT EXISTS a_email ON ONLY attendees (lower(email))", "attendees");
        fires(new IndexWithoutConcurrently(), "create index on registrations using btree (created_at)", "registrations");
        silent(new IndexWithoutConcurrently(), "CREATE INDEX CONCURRENTLY a_email ON attendees (email)");
        silent(new IndexWithoutConcurrently(), "CREATE TABLE badges (id int); CREATE INDEX ON badges (id)");
        silent(new IndexWithoutConcurrently(), "CREATE TABLE s.badges (id int); CREATE INDEX ON s.badges (id)");
    }

    @Test
    void dropIndexWithoutConcurrently() {
        fires(new DropIndexWithoutConcurrently(), "DROP INDEX IF EXISTS attendees_company_idx", "attendees_company_idx");
        silent(new DropIndexWithoutConcurrently(), "DROP INDEX CONCURRENTLY attendees_company_idx");
        silent(new DropIndexWithoutConcurrently(), "CREATE INDEX tmp_idx ON t (a); DROP INDEX tmp_idx");
    }

    @Test
    void concurrentlyInTransaction() {
        fires(new ConcurrentlyInTransaction(), "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;", "opened at line 1");
        fires(new ConcurrentlyInTransaction(), "START TRANSACTION; DROP INDEX CONCURRENTLY i;", "DROP INDEX CONCURRENTLY");
        silent(new ConcurrentlyInTransaction(), "BEGIN; COMMIT; CREATE INDEX CONCURRENTLY i ON t (a);");
        silent(new ConcurrentlyInTransaction(), "BEGIN; CREATE INDEX i ON t (a); COMMIT;");
        // each file is its own session: a BEGIN left open in one file does not carry over
        assertThat(run(new ConcurrentlyInTransaction(), "BEGIN;", "CREATE INDEX CONCURRENTLY i ON t (a)")).isEmpty();
    }

    @Test
    void constraintWithoutNotValid() {
        fires(new ConstraintWithoutNotValid(), "ALTER TABLE registrations ADD CONSTRAINT r_fk FOREIGN KEY (event_id) REFERENCES events (id)",
                "FOREIGN KEY r_fk on registrations");
        fires(new ConstraintWithoutNotValid(), "ALTER TABLE events ADD CHECK (capacity < 100000)", "CHECK on events");
        silent(new ConstraintWithoutNotValid(), "ALTER TABLE registrations ADD CONSTRAINT r_fk FOREIGN KEY (event_id) REFERENCES events (id) NOT VALID");
        silent(new ConstraintWithoutNotValid(), "ALTER TABLE events ADD CONSTRAINT c CHECK (capacity > 0) NOT VALID");
        silent(new ConstraintWithoutNotValid(), "ALTER TABLE events VALIDATE CONSTRAINT c");
        silent(new ConstraintWithoutNotValid(), "CREATE TABLE t (a int); ALTER TABLE t ADD CHECK (a > 0)");
    }

    @Test
    void uniqueAddedDirectly() {
        fires(new UniqueAddedDirectly(), "ALTER TABLE attendees ADD CONSTRAINT a_uq UNIQUE (email, country)", "UNIQUE a_uq");
        fires(new UniqueAddedDirectly(), "ALTER TABLE t ADD PRIMARY KEY (id) USING INDEX TABLESPACE fast", "PRIMARY KEY");
        fires(new UniqueAddedDirectly(), "ALTER TABLE t ADD COLUMN code text UNIQUE", "new column code");
        silent(new UniqueAddedDirectly(), "ALTER TABLE attendees ADD CONSTRAINT a_uq UNIQUE USING INDEX a_uq_idx");
        silent(new UniqueAddedDirectly(), "ALTER TABLE t ADD PRIMARY KEY USING INDEX t_pk_idx");
    }

    @Test
    void rename() {
        fires(new Rename(), "ALTER TABLE attendees RENAME COLUMN company TO employer", "column attendees.company to employer");
        fires(new Rename(), "ALTER TABLE attendees RENAME TO people", "table attendees to people");
        fires(new Rename(), "ALTER VIEW event_attendance RENAME TO attendance", "view event_attendance");
        silent(new Rename(), "ALTER INDEX attendees_email_key RENAME TO attendees_email_uq");
        silent(new Rename(), "ALTER TABLE attendees RENAME CONSTRAINT a TO b");
        silent(new Rename(), "CREATE TABLE t (a int); ALTER TABLE t RENAME a TO b");
    }

    @Test
    void vacuumFullOrCluster() {
        fires(new VacuumFullOrCluster(), "VACUUM (FULL, ANALYZE) attendees", "attendees");
        fires(new VacuumFullOrCluster(), "VACUUM FULL", "every table");
        fires(new VacuumFullOrCluster(), "CLUSTER attendees USING attendees_pkey", "CLUSTER rewrites attendees");
        silent(new VacuumFullOrCluster(), "VACUUM ANALYZE attendees");
        silent(new VacuumFullOrCluster(), "VACUUM (FULL false) attendees");
    }

    @Test
    void missingLockTimeout() {
        List<Finding> found = run(new MissingLockTimeout(), "ALTER TABLE a ADD COLUMN x int; ALTER TABLE b ADD COLUMN y int;");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).line()).isEqualTo(1);
        assertThat(found.get(0).message()).contains("ALTER TABLE on a");
        silent(new MissingLockTimeout(), "SET lock_timeout = '3s'; ALTER TABLE a ADD COLUMN x int;");
        silent(new MissingLockTimeout(), "BEGIN; SET LOCAL lock_timeout TO 3000; CREATE INDEX i ON a (x); COMMIT;");
        silent(new MissingLockTimeout(), "SELECT set_config('lock_timeout', '2s', false); TRUNCATE a;");
        silent(new MissingLockTimeout(), "CREATE TABLE n (id int); CREATE INDEX ON n (id); CREATE INDEX CONCURRENTLY i ON a (x);");
        fires(new MissingLockTimeout(), "SET lock_timeout = 0; DROP TABLE a;", "DROP TABLE on a");
        fires(new MissingLockTimeout(), "BEGIN; SET LOCAL lock_timeout = '1s'; COMMIT; ALTER TABLE a DROP COLUMN b;", "ALTER TABLE");
        // a new file is a new session: the setting of the first file does not hold in the second
        assertThat(run(new MissingLockTimeout(), "SET lock_timeout = '1s'; ALTER TABLE a ADD x int;", "ALTER TABLE a ADD y int;"))
                .extracting(Finding::file).containsExactly("V2__m.sql");
    }

    @Test
    void unterminatedTransaction() {
        List<Finding> found = run(new UnterminatedTransaction(), "SELECT 1;\nBEGIN;\nALTER TABLE a ADD x int;\n");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).line()).isEqualTo(2);
        assertThat(run(new UnterminatedTransaction(), "BEGIN; ALTER TABLE a ADD x int; COMMIT;")).isEmpty();
        assertThat(run(new UnterminatedTransaction(), "BEGIN; ALTER TABLE a ADD x int; ROLLBACK;")).isEmpty();
    }

    @Test
    void everyRuleHasAUniqueNameAndAOneLineFix() {
        assertThat(Rules.ALL).extracting(Rule::name).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z-]+"));
        assertThat(Rules.ALL).extracting(Rule::fix).allMatch(f -> !f.isBlank() && !f.contains("\n"));
    }
}
