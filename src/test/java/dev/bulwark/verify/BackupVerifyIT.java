package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.backup.BackupResult;
import dev.bulwark.backup.BackupService;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.config.VerificationConfig;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.repository.BackupRepository;
import dev.bulwark.repository.Manifest;
import dev.bulwark.testing.Production;

/** The round trip against real servers: a clean backup of a tricky schema must verify, fully. */
class BackupVerifyIT {
    static Production production;
    static PgBinaries binaries = PgBinaries.fromEnvironment(Production.ENV);

    @TempDir
    Path repoDir;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("tricky", Production.resource("tricky.sql"),
                "ALTER DATABASE tricky SET timezone = 'America/New_York'");
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    @Test
    void cleanBackupOfTrickySchemaVerifiesTableByTable() throws Exception {
        BackupRepository repo = new BackupRepository(repoDir);
        BackupResult backup = new BackupService(binaries, Production.ENV, Clock.systemUTC())
                .backup("tricky", production.config(), repo, 2);
        Manifest m = backup.manifest();

        assertThat(Files.exists(backup.directory().resolve("manifest.json"))).isTrue();
        assertThat(Files.exists(backup.directory().resolve(".in-progress"))).isFalse();
        assertThat(repo.list("tricky")).extracting(Manifest::backupId).containsExactly(m.backupId());
        assertThat(m.tables()).extracting(Manifest.TableCount::qualified).contains("Sales Data.Order Lines",
                "public.no_columns", "public.empty_table", "public.measurements_eu", "public.measurements_us",
                "public.cache", "public.parent", "public.child", "odd.schema.t.x").doesNotContain("public.measurements");
        assertThat(rows(m, "public.parent")).isEqualTo(100); // its own rows, not the child's
        assertThat(rows(m, "public.no_columns")).isEqualTo(3);
        assertThat(rows(m, "Sales Data.Order Lines")).isEqualTo(3000);
        assertThat(m.objects()).containsEntry("views", 2L).containsEntry("triggers", 1L).containsEntry("sequences", 2L);
        assertThat(m.source().systemIdentifier()).isNotBlank();
        assertThat(m.files()).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));
        assertThat(Files.readString(backup.directory().resolve("manifest.json"))).doesNotContain(production.password());

        VerificationReport report = new Verifier(binaries, Production.ENV, Clock.systemUTC()).verify("tricky",
                production.config(), VerificationConfig.DEFAULT, m, backup.directory(), new Verifier.Options(false, 2));

        assertThat(report.failures()).isEmpty();
        assertThat(report.verified()).isTrue();
        assertThat(report.tables()).hasSize(m.tables().size()).allSatisfy(t -> {
            assertThat(t.restoredRows()).isEqualTo(t.productionRows()).isEqualTo(t.dumpRows());
            assertThat(t.restoredFingerprint()).isEqualTo(t.dumpFingerprint()).isNotNull();
        });
        assertThat(report.objectsRestored()).isEqualTo(m.objects());
        assertThat(report.restore().durationMs()).isPositive();
        assertThat(report.restore().problems()).isEmpty();
    }

    @Test
    void quickLevelNeedsNoServerAndChecksEveryTable() throws Exception {
        BackupRepository repo = new BackupRepository(repoDir);
        BackupResult backup = new BackupService(binaries, Production.ENV, Clock.systemUTC())
                .backup("tricky", production.config(), repo, 1);
        VerificationReport report = new Verifier(binaries, Production.ENV, Clock.systemUTC()).verify("tricky",
                production.config(), VerificationConfig.DEFAULT, backup.manifest(), backup.directory(), new Verifier.Options(true, 2));
        assertThat(report.verified()).isTrue();
        assertThat(report.restore()).isNull();
        assertThat(report.checks()).extracting(CheckResult::group).contains("files", "archive", "data");
        assertThat(report.checks().stream().filter(c -> c.group().equals("data")).count()).isEqualTo(backup.manifest().tables().size());
    }

    @Test
    void criticalTablesAndChecksAreEvaluatedOnTheRestoredCopy() throws Exception {
        DatabaseConfig db = new DatabaseConfig(production.url(), null, java.time.Duration.ofHours(1), null,
                List.of(new DatabaseConfig.CriticalTable("Sales Data.Order Lines", 3000L, "ts"),
                        new DatabaseConfig.CriticalTable("public.parent", 101L, null)),
                List.of(new DatabaseConfig.SqlCheck("totals are positive", "SELECT bool_and(total > 0) FROM \"Sales Data\".\"Order Lines\""),
                        new DatabaseConfig.SqlCheck("no empty cache", "SELECT count(*) = 0 FROM cache"),
                        new DatabaseConfig.SqlCheck("broken sql", "SELEC 1")),
                null);
        BackupRepository repo = new BackupRepository(repoDir);
        BackupResult backup = new BackupService(binaries, Production.ENV, Clock.systemUTC()).backup("tricky", db, repo, 2);
        VerificationReport report = new Verifier(binaries, Production.ENV, Clock.systemUTC()).verify("tricky", db,
                VerificationConfig.DEFAULT, backup.manifest(), backup.directory(), new Verifier.Options(false, 2));

        assertThat(report.verified()).isFalse();
        assertThat(report.failures()).extracting(CheckResult::name).containsExactlyInAnyOrder(
                "public.parent min_rows", "no empty cache", "broken sql", "Sales Data.Order Lines.ts fresh");
        assertThat(report.checks()).filteredOn(c -> c.name().equals("totals are positive")).singleElement()
                .satisfies(c -> assertThat(c.passed()).isTrue());
        assertThat(report.checks()).filteredOn(c -> c.name().equals("Sales Data.Order Lines min_rows")).singleElement()
                .satisfies(c -> assertThat(c.passed()).isTrue());
    }

    @Test
    void nonUtf8DatabaseIsLoadedAndReadBackInItsOwnEncoding() throws Exception {
        try (Production latin1 = Production.startWithEncoding("legacy", "LATIN1",
                "CREATE TABLE \"Café\" (name text, note text)",
                "INSERT INTO \"Café\" SELECT 'crème brûlée ' || g, E'naïve\\tfaçade\\n' || g FROM generate_series(1, 500) g")) {
            BackupRepository repo = new BackupRepository(repoDir);
            BackupResult backup = new BackupService(binaries, Production.ENV, Clock.systemUTC())
                    .backup("legacy", latin1.config(), repo, 2);
            assertThat(backup.manifest().source().encoding()).isEqualTo("LATIN1");
            VerificationReport report = new Verifier(binaries, Production.ENV, Clock.systemUTC()).verify("legacy",
                    latin1.config(), VerificationConfig.DEFAULT, backup.manifest(), backup.directory(), new Verifier.Options(false, 2));
            assertThat(report.failures()).isEmpty();
            assertThat(report.tables()).singleElement().satisfies(t -> {
                assertThat(t.table()).isEqualTo("public.Café");
                assertThat(t.restoredRows()).isEqualTo(500);
                assertThat(t.restoredFingerprint()).isEqualTo(t.dumpFingerprint());
            });
        }
    }

    private static long rows(Manifest m, String table) {
        return m.tables().stream().filter(t -> t.qualified().equals(table)).findFirst().orElseThrow().rows();
    }

    static Map<String, String> env() {
        return Production.ENV;
    }
}
