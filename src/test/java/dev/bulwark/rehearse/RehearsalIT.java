package dev.bulwark.rehearse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.FileTrees;
import dev.bulwark.backup.BackupService;
import dev.bulwark.config.VerificationConfig;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.rehearse.run.Losses;
import dev.bulwark.rehearse.run.StatementRun;
import dev.bulwark.rehearse.template.RehearseDirs;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.testing.Production;
import dev.bulwark.verify.VerificationReport;
import dev.bulwark.verify.Verifier;

/**
 * Rehearsals of real migrations on a verified backup of the demo's conference database (320k rows), in
 * real sandboxes. One production, one backup and one template serve every test; each rehearsal clones it.
 */
class RehearsalIT {
    static final String DB = "conference";
    static Production production;
    static Path work;
    static BackupRepository repository;
    static Map<String, String> env;
    static Manifest verified;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start(DB, Production.resource("/dev/bulwark/demo/conference.sql"));
        work = Files.createTempDirectory("bulwark-rehearse-it-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        env = new HashMap<>(Production.ENV);
        env.put(RehearseDirs.VARIABLE, work.resolve("templates").toString());
        repository = new BackupRepository(work.resolve("repo"));
        PgBinaries binaries = PgBinaries.fromEnvironment(env);
        verified = new BackupService(binaries, env, Clock.systemUTC()).backup(DB, production.config(), repository, 2).manifest();
        VerificationReport report = new Verifier(binaries, env, Clock.systemUTC()).verify(DB, production.config(),
                VerificationConfig.DEFAULT, verified, repository.backupDir(DB, verified.backupId()), new Verifier.Options(false, 2));
        assertThat(report.verified()).as("the backup the rehearsals use must verify").isTrue();
        repository.recordVerification(DB, verified.backupId(), report.finishedAt(), report);
    }

    @AfterAll
    static void stop() throws Exception {
        if (production != null) production.close();
        if (work != null) FileTrees.delete(work);
    }

    private static RehearsalReport rehearse(String sql, String... asserts) throws Exception {
        return rehearse(sql, 1000, asserts);
    }

    private static RehearsalReport rehearse(String sql, long maxLockMs, String... asserts) throws Exception {
        Path file = Files.createTempFile(work, "migration-", ".sql");
        Files.writeString(file, sql);
        return rehearse(file, maxLockMs, false, asserts);
    }

    private static RehearsalReport rehearse(Path migrations, long maxLockMs, boolean fresh, String... asserts) {
        return new Rehearsal(PgBinaries.fromEnvironment(env), env, Clock.systemUTC()).rehearse(new Rehearsal.Request(DB, repository,
                null, migrations, List.of(asserts), maxLockMs, 5, 2, fresh));
    }

    @Test
    void droppingAColumnWithDataIsDangerousWithTheCountOfLostValues() throws Exception {
        long values = production.queryLong("SELECT count(company) FROM attendees");
        RehearsalReport r = rehearse("ALTER TABLE attendees DROP COLUMN company;");

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.dataLoss().droppedColumns()).singleElement().satisfies(c -> {
            assertThat(c.table()).isEqualTo("public.attendees");
            assertThat(c.column()).isEqualTo("company");
            assertThat(c.nonNullValues()).isEqualTo(values).isPositive();
            assertThat(c.exact()).isTrue();
        });
        assertThat(r.findings()).extracting(f -> f.rule()).contains("drop-column", "missing-lock-timeout");
        assertThat(r.schemaDiff().dropped()).extracting(c -> c.name()).containsExactly("public.attendees.company");
        assertThat(r.locks()).anySatisfy(l -> {
            assertThat(l.table()).isEqualTo("public.attendees");
            assertThat(l.mode()).isEqualTo("ACCESS EXCLUSIVE");
            assertThat(l.rows()).isEqualTo(120_000);
        });
        assertThat(production.queryLong("SELECT count(company) FROM attendees")).as("production untouched").isEqualTo(values);
    }

    @Test
    void aDeleteWithoutWhereReportsTheRowsItRemoves() throws Exception {
        long rows = production.queryLong("SELECT count(*) FROM check_ins");
        RehearsalReport r = rehearse("DELETE FROM check_ins;");

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.statements()).singleElement().satisfies(s -> assertThat(s.rows()).isEqualTo(rows));
        assertThat(r.dataLoss().rowsRemoved()).singleElement().satisfies(x -> {
            assertThat(x.table()).isEqualTo("public.check_ins");
            assertThat(x.removed()).isEqualTo(rows).isPositive();
            assertThat(x.after()).isZero();
        });
        assertThat(r.findings()).extracting(f -> f.rule()).containsExactly("delete-without-where");
    }

    @Test
    void anIndexBuiltWithoutConcurrentlyShowsTheLockThatBlocksWrites() throws Exception {
        RehearsalReport r = rehearse("SET lock_timeout = '5s';\nCREATE INDEX attendees_names_idx ON attendees (last_name, first_name, email);");

        assertThat(r.findings()).extracting(f -> f.rule()).containsExactly("index-without-concurrently");
        RehearsalReport.TableLock lock = r.locks().stream().filter(l -> l.table().equals("public.attendees")).findFirst().orElseThrow();
        assertThat(lock.mode()).isEqualTo("SHARE");
        assertThat(lock.blocksWrites()).isTrue();
        assertThat(lock.blocksReads()).isFalse();
        assertThat(lock.sampled()).isTrue();
        assertThat(lock.heldMs()).isPositive();
        assertThat(lock.rows()).isEqualTo(120_000);
        assertThat(lock.statements()).containsExactly(2);
        assertThat(r.verdict()).isIn(Verdict.REVIEW, Verdict.DANGEROUS);

        RehearsalReport strict = rehearse("SET lock_timeout = '5s';\nCREATE INDEX attendees_names_idx ON attendees (last_name, first_name, email);", 1);
        assertThat(strict.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(strict.reasons()).anySatisfy(x -> assertThat(x.text()).contains("SHARE").contains("public.attendees").contains("limit of 1 ms"));
    }

    @Test
    void aHarmlessAdditiveMigrationIsSafe() throws Exception {
        RehearsalReport r = rehearse("""
                SET lock_timeout = '2s';
                CREATE TABLE badges (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    attendee_id bigint NOT NULL REFERENCES attendees (id),
                    printed_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX badges_attendee_idx ON badges (attendee_id);
                ALTER TABLE attendees ADD COLUMN nickname text;
                CREATE INDEX CONCURRENTLY attendees_nickname_idx ON attendees (nickname);
                """, "SELECT count(*) = 120000 FROM attendees", "SELECT to_regclass('badges') IS NOT NULL");

        assertThat(r.reasons()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(r.asserts()).allMatch(RehearsalReport.AssertResult::passed).hasSize(2);
        assertThat(r.statements()).extracting(StatementRun::context)
                .containsExactly("autocommit", "autocommit", "autocommit", "autocommit", "no transaction");
        assertThat(r.schemaDiff().added()).extracting(c -> c.kind() + " " + c.name()).contains("table public.badges",
                "column public.attendees.nickname", "index public.attendees_nickname_idx", "index public.badges_attendee_idx");
        assertThat(r.schemaDiff().dropped()).isEmpty();
        assertThat(r.rowCounts()).anySatisfy(t -> {
            assertThat(t.table()).isEqualTo("public.badges");
            assertThat(t.before()).isNull();
            assertThat(t.after()).isZero();
        });
    }

    @Test
    void aFlywayDirectoryAppliesInVersionOrder() throws Exception {
        Path dir = Files.createDirectories(work.resolve("flyway"));
        Files.writeString(dir.resolve("V1__create_exhibitors.sql"), "CREATE TABLE exhibitors (id int PRIMARY KEY, name text NOT NULL);\n");
        Files.writeString(dir.resolve("V2__seed.sql"), "INSERT INTO exhibitors VALUES (1, 'Acme'), (2, 'Globex');\n");
        Files.writeString(dir.resolve("V10__tier.sql"), "SET lock_timeout = '1s';\nALTER TABLE exhibitors ADD COLUMN tier text NOT NULL DEFAULT 'gold';\n");
        Files.writeString(dir.resolve("V1_1__note.sql"), "COMMENT ON TABLE exhibitors IS 'who pays';\n");
        Files.writeString(dir.resolve("README.md"), "not a migration");

        RehearsalReport r = rehearse(dir, 1000, false, "SELECT count(*) = 2 FROM exhibitors WHERE tier = 'gold'");

        assertThat(r.migrations()).extracting(RehearsalReport.MigrationFile::file)
                .containsExactly("V1__create_exhibitors.sql", "V1_1__note.sql", "V2__seed.sql", "V10__tier.sql");
        assertThat(r.failure()).isNull();
        assertThat(r.migrations()).extracting(RehearsalReport.MigrationFile::status).containsOnly("applied");
        assertThat(r.statements()).extracting(StatementRun::number).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.statements().get(2).rows()).isEqualTo(2);
        assertThat(r.ignoredFiles()).containsExactly("README.md");
        assertThat(r.asserts()).singleElement().satisfies(a -> assertThat(a.passed()).isTrue());
        assertThat(r.verdict()).isEqualTo(Verdict.SAFE);
    }

    @Test
    void aFailingStatementIsReportedWithItsLineAndWhatRanBefore() throws Exception {
        RehearsalReport r = rehearse("""
                -- add a tier to every sponsor
                CREATE TABLE tiers (name text PRIMARY KEY);
                INSERT INTO tiers
                  VALUES ('gold') ('silver');
                CREATE TABLE never_created (id int);
                """);

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().statement()).isEqualTo(2);
        assertThat(r.failure().line()).isEqualTo(3);
        assertThat(r.failure().errorLine()).isEqualTo(4);
        assertThat(r.failure().sqlstate()).isEqualTo("42601");
        assertThat(r.failure().message()).contains("syntax error");
        assertThat(r.failure().sql()).startsWith("INSERT INTO tiers");
        assertThat(r.statements()).extracting(StatementRun::failed).containsExactly(false, true);
        assertThat(r.schemaDiff().added()).extracting(c -> c.name()).contains("public.tiers").doesNotContain("public.never_created");
    }

    @Test
    void concurrentlyInsideATransactionIsBothAFindingAndARealError() throws Exception {
        RehearsalReport r = rehearse("BEGIN;\nALTER TABLE events ADD COLUMN archived boolean;\nCREATE INDEX CONCURRENTLY events_archived_idx ON events (archived);\nCOMMIT;\n");

        assertThat(r.findings()).extracting(f -> f.rule()).contains("concurrently-in-transaction");
        assertThat(r.failure().sqlstate()).isEqualTo("25001");
        assertThat(r.failure().line()).isEqualTo(3);
        assertThat(r.statements()).extracting(StatementRun::context).containsExactly("transaction control", "transaction", "transaction");
        assertThat(r.statements()).extracting(StatementRun::failed).containsExactly(false, false, true);
        assertThat(r.schemaDiff().added()).as("the transaction was rolled back").isEmpty();
    }

    @Test
    void valuesNulledEarlierInTheMigrationAreNotCountedAsLostByTheDrop() throws Exception {
        long kept = production.queryLong("SELECT count(company) FROM attendees WHERE id > 1000");
        RehearsalReport r = rehearse("""
                BEGIN;
                UPDATE attendees SET company = NULL WHERE id <= 1000;
                ALTER TABLE attendees DROP COLUMN company;
                COMMIT;
                """);

        assertThat(r.dataLoss().droppedColumns()).singleElement().satisfies(c -> {
            assertThat(c.nonNullValues()).isEqualTo(kept);
            assertThat(c.exact()).isTrue();
            assertThat(c.statement()).isEqualTo(3);
        });
        assertThat(r.findings()).extracting(f -> f.rule()).contains("drop-column");
    }

    @Test
    void whatTheFileRollsBackIsNotLost() throws Exception {
        long descriptions = production.queryLong("SELECT count(description) FROM events");
        RehearsalReport r = rehearse("""
                SET lock_timeout = '1s';
                BEGIN;
                SAVEPOINT before_purge;
                DELETE FROM check_ins;
                ROLLBACK TO SAVEPOINT before_purge;
                ALTER TABLE events DROP COLUMN description;
                COMMIT;
                BEGIN;
                ALTER TABLE attendees DROP COLUMN company;
                ROLLBACK;
                """);

        assertThat(r.dataLoss().rowsRemoved()).isEmpty();
        assertThat(r.dataLoss().droppedColumns()).singleElement().satisfies(c -> {
            assertThat(c.table() + "." + c.column()).isEqualTo("public.events.description");
            assertThat(c.nonNullValues()).isEqualTo(descriptions);
        });
        assertThat(r.schemaDiff().dropped()).extracting(c -> c.name()).containsExactly("public.events.description");
    }

    @Test
    void aTypeChangeThatTruncatesValuesIsDataLoss() throws Exception {
        long withTime = production.queryLong("SELECT count(*) FROM attendees WHERE created_at::date::timestamptz <> created_at");
        RehearsalReport r = rehearse("ALTER TABLE attendees ALTER COLUMN created_at TYPE date;");

        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(r.dataLoss().alteredValues()).singleElement().satisfies(a -> {
            assertThat(a.values()).isEqualTo(withTime).isPositive();
            assertThat(a.from()).isEqualTo("timestamp with time zone");
            assertThat(a.to()).isEqualTo("date");
        });
        assertThat(r.rewrites()).extracting(w -> w.table()).contains("public.attendees");
        assertThat(r.schemaDiff().changed()).extracting(c -> c.name()).contains("public.attendees.created_at");
    }

    @Test
    void aFailedAssertIsDangerous() throws Exception {
        RehearsalReport r = rehearse("SET lock_timeout = '1s';\nUPDATE events SET capacity = capacity + 1 WHERE id = 1;",
                "SELECT capacity > 100000 FROM events WHERE id = 1");
        assertThat(r.asserts()).singleElement().satisfies(a -> {
            assertThat(a.passed()).isFalse();
            assertThat(a.result()).isEqualTo("false");
        });
        assertThat(r.verdict()).isEqualTo(Verdict.DANGEROUS);
    }

    @Test
    void theTemplateIsRestoredOnceAndClonedAfterwards() throws Exception {
        Path file = Files.writeString(work.resolve("noop.sql"), "SELECT 1;");
        RehearsalReport first = rehearse(file, 1000, true);
        RehearsalReport second = rehearse(file, 1000, false);

        assertThat(first.template().reused()).isFalse();
        assertThat(second.template().reused()).isTrue();
        assertThat(second.backup().id()).isEqualTo(verified.backupId());
        assertThat(second.backup().verifiedAt()).isNotNull();
        assertThat(second.durationsMs().prepare()).isLessThan(first.durationsMs().prepare());
        Path templates = work.resolve("templates").resolve(DB);
        try (var dirs = Files.list(templates)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .singleElement().asString().endsWith(verified.backupId());
        }

        // a template whose marker is missing (its restore was interrupted) is restored again, never used;
        // the template of another backup is removed
        Path kept;
        try (var dirs = Files.list(templates)) {
            kept = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Files.delete(kept.resolve("template.json"));
        Files.createDirectories(templates.resolve("pg15-20200101T000000Z-00000000"));
        RehearsalReport third = rehearse(file, 1000, false);
        assertThat(third.template().reused()).isFalse();
        try (var dirs = Files.list(templates)) {
            assertThat(dirs.filter(Files::isDirectory)).containsExactly(kept);
        }
        assertThat(kept.resolve("template.json")).exists();
    }

    @Test
    void withoutAVerifiedBackupItSaysSoAndWhatToDo() throws Exception {
        BackupRepository unverified = new BackupRepository(work.resolve("unverified-repo"));
        Path target = unverified.backupDir(DB, verified.backupId());
        Files.createDirectories(target.getParent());
        copyTree(repository.backupDir(DB, verified.backupId()), target);
        Path file = Files.writeString(work.resolve("noop2.sql"), "SELECT 1;");

        assertThatThrownBy(() -> new Rehearsal(PgBinaries.fromEnvironment(env), env, Clock.systemUTC()).rehearse(
                new Rehearsal.Request(DB, unverified, null, file, List.of(), 1000, 5, 2, false)))
                .isInstanceOf(BulwarkException.class)
                .hasMessageContaining("no verified backup").hasMessageContaining("bulwark verify")
                .satisfies(e -> assertThat(((BulwarkException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        Losses none = new Losses(List.of(), List.of(), List.of());
        assertThat(none.tables()).isEmpty();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest);
            }
        }
    }
}
