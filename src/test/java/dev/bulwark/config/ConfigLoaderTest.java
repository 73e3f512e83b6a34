package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig.NamedDatabase;
import dev.bulwark.config.DatabaseConfig.CriticalTable;
import dev.bulwark.config.DatabaseConfig.SqlCheck;

class ConfigLoaderTest {

    private static final String FILE = "bulwark.yaml";

    /** DESIGN.md's example, with the password coming from the environment. */
    private static final String FULL = """
            databases:
              app:
                url: postgresql://backup:${APP_PW}@db.internal:5432/app     # password from the environment
                rpo: 15m
                rto: 1h
                critical_tables:
                  - table: public.attendees
                    min_rows: 1000
                    fresh_column: created_at
                checks:
                  - name: every registration has an attendee
                    sql: SELECT count(*) = 0 FROM registrations r LEFT JOIN attendees a USING (attendee_id) WHERE a.attendee_id IS NULL
                gate:
                  readonly_url: postgresql://ai_readonly@db.internal:5432/app   # SELECT-only role
                  write_url: postgresql://bulwark_writer@db.internal:5432/app   # approved changes only
            repository: { path: /var/lib/bulwark }
            verification: { every: 24h, target: sandbox }
            gate: { listen: "127.0.0.1:6543" }
            agents:
              - { name: claude, role: ai_readonly }
            """;

    private static ConfigLoader loader(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) env.put(keyValues[i], keyValues[i + 1]);
        return new ConfigLoader(env);
    }

    private static BulwarkConfig parse(String yaml, String... env) {
        return loader(env).parse(yaml, FILE);
    }

    /** Parses and expects a usage error; returns its message. */
    private static String usageError(String yaml, String... env) {
        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> parse(yaml, env));
        assertThat(e).as("parsing should fail with a usage error:\n" + yaml).isNotNull();
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).startsWith(FILE);
        return e.getMessage();
    }

    private static String db(String body) {
        return "databases:\n  app:\n    url: postgresql://backup@db.internal/app\n" + body.stripTrailing() + "\n";
    }

    // --- a full, valid config ---

    @Test
    void bindsDesignExample() {
        BulwarkConfig c = parse(FULL, "APP_PW", "s3cr3t");

        assertThat(c.databases()).containsOnlyKeys("app");
        DatabaseConfig app = c.databases().get("app");
        assertThat(app.url()).isEqualTo("postgresql://backup:s3cr3t@db.internal:5432/app");
        assertThat(app.rpo()).isEqualTo(Duration.ofMinutes(15));
        assertThat(app.rto()).isEqualTo(Duration.ofHours(1));
        assertThat(app.passwordFile()).isNull();
        assertThat(app.criticalTables()).containsExactly(new CriticalTable("public.attendees", 1000L, "created_at"));
        assertThat(app.checks()).containsExactly(new SqlCheck("every registration has an attendee",
                "SELECT count(*) = 0 FROM registrations r LEFT JOIN attendees a USING (attendee_id) "
                        + "WHERE a.attendee_id IS NULL"));
        assertThat(app.gate().readonlyUrl()).isEqualTo("postgresql://ai_readonly@db.internal:5432/app");
        assertThat(app.gate().writeUrl()).isEqualTo("postgresql://bulwark_writer@db.internal:5432/app");

        assertThat(c.repository()).isEqualTo(new RepositoryConfig("/var/lib/bulwark"));
        assertThat(c.requireRepository().path()).isEqualTo("/var/lib/bulwark");
        assertThat(c.verification().every()).isEqualTo(Duration.ofHours(24));
        assertThat(c.verification().target()).isEqualTo("sandbox");
        assertThat(c.verification().url()).isNull();
        assertThat(c.verification().usesSandbox()).isTrue();
        assertThat(c.gate()).isEqualTo(new GateConfig("127.0.0.1:6543", null, null, null, null, null));
        assertThat(c.agents()).containsExactly(new AgentConfig("claude", "ai_readonly"));
    }

    @Test
    void minimalConfigGetsDefaults() {
        BulwarkConfig c = parse("databases:\n  app:\n    url: postgres://localhost/app\n");

        DatabaseConfig app = c.databases().get("app");
        assertThat(app.rpo()).isNull();
        assertThat(app.criticalTables()).isEmpty();
        assertThat(app.checks()).isEmpty();
        assertThat(app.gate()).isNull();
        assertThat(c.repository()).isNull();
        assertThat(c.verification()).isEqualTo(VerificationConfig.DEFAULT);
        assertThat(c.agents()).isEmpty();
    }

    @Test
    void passwordFileAndVerificationUrlBind() {
        BulwarkConfig c = parse("""
                databases:
                  app:
                    url: postgresql://backup@db/app
                    password_file: ${HOME_DIR}/.app-pw
                verification:
                  url: postgresql://verify@verify.internal/postgres
                  password_file: /etc/bulwark/verify-pw
                """, "HOME_DIR", "/home/ops");

        assertThat(c.databases().get("app").passwordFile()).isEqualTo(Path.of("/home/ops/.app-pw"));
        assertThat(c.verification().target()).isEqualTo("url");
        assertThat(c.verification().usesSandbox()).isFalse();
        assertThat(c.verification().passwordFile()).isEqualTo(Path.of("/etc/bulwark/verify-pw"));
    }

    // --- ${ENV} expansion ---

    @Test
    void expandsVariablesDefaultsAndLiterals() {
        BulwarkConfig c = parse("""
                databases:
                  app:
                    url: postgresql://${DB_USER}:${DB_PW}@${DB_HOST:-localhost}:${DB_PORT:-5432}/app
                    checks:
                      - name: literal $${NOT_A_VAR} and ${UNSET:-fallback value}
                        sql: SELECT '$${x}' = '$${x}'
                repository: { path: "${REPO:-/srv/backups}/bulwark" }
                """, "DB_USER", "backup", "DB_PW", "p@ss:w/rd$1\\", "DB_PORT", "6432");

        DatabaseConfig app = c.databases().get("app");
        // The replacement is taken literally: '$' and '\' in a value are not regex syntax.
        assertThat(app.url()).isEqualTo("postgresql://backup:p@ss:w/rd$1\\@localhost:6432/app");
        assertThat(app.checks().get(0).name()).isEqualTo("literal ${NOT_A_VAR} and fallback value");
        assertThat(app.checks().get(0).sql()).isEqualTo("SELECT '${x}' = '${x}'");
        assertThat(c.repository().path()).isEqualTo("/srv/backups/bulwark");
    }

    @Test
    void setVariableWinsOverDefault() {
        BulwarkConfig c = parse("repository: { path: \"${REPO:-/default}\" }\n", "REPO", "/from/env");
        assertThat(c.repository().path()).isEqualTo("/from/env");
    }

    @Test
    void emptyDefaultIsAllowed() {
        BulwarkConfig c = parse("repository: { path: \"/base${SUFFIX:-}\" }\n");
        assertThat(c.repository().path()).isEqualTo("/base");
    }

    @Test
    void setButEmptyVariableUsesDefaultLikeTheShell() {
        // ${X:-default} in sh, bash and docker compose: the default applies when X is unset OR empty.
        BulwarkConfig c = parse("repository: { path: \"${REPO:-/srv/backups}\" }\n", "REPO", "");
        assertThat(c.repository().path()).isEqualTo("/srv/backups");
    }

    @Test
    void expandsDurationsToo() {
        BulwarkConfig c = parse(db("    rpo: ${RPO:-15m}\n    rto: ${RTO}\n"), "RTO", "2h");
        assertThat(c.databases().get("app").rpo()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.databases().get("app").rto()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void missingVariableNamesItAndFileAndLine() {
        String message = usageError("""
                databases:
                  app:
                    rpo: 15m
                    url: postgresql://backup:${APP_PW}@db.internal/app
                """);

        assertThat(message)
                .startsWith(FILE + ":4:")
                .contains("APP_PW")
                .contains("is not set")
                .contains("databases.app.url")
                .contains("${APP_PW:-default}");
    }

    @Test
    void missingVariableInAListNamesTheIndexedKey() {
        String message = usageError(db("""
                    checks:
                      - name: ok
                        sql: SELECT true
                      - name: ${CHECK_NAME}
                        sql: SELECT true
                """));
        assertThat(message).startsWith(FILE + ":7:").contains("CHECK_NAME").contains("databases.app.checks[1].name");
    }

    // --- durations ---

    @ParameterizedTest
    @CsvSource({"15m, 900", "1h30m, 5400", "90s, 90", "7d, 604800", "1w, 604800", "2h, 7200"})
    void parsesDurations(String text, long seconds) {
        BulwarkConfig c = parse(db("    rpo: " + text + "\n"));
        assertThat(c.databases().get("app").rpo()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void parsesVerificationInterval() {
        BulwarkConfig c = parse("verification: { every: 1h30m }\n");
        assertThat(c.verification().every()).isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15 minutes", "15", "fifteen", "1.5h", "-15m", "15m30"})
    void badDurationNamesKeyAndFormat(String text) {
        String message = usageError(db("    rpo: " + text + "\n"));
        assertThat(message)
                .startsWith(FILE + ":4:")
                .contains("databases.app.rpo")
                .contains("is not a duration")
                .contains("15m");
    }

    @Test
    void durationGivenAsListIsAnError() {
        String message = usageError(db("    rto: [1h]\n"));
        // The user wrote a list, not null: the message must not talk about a 'null' value.
        assertThat(message).startsWith(FILE + ":4:").contains("databases.app.rto").doesNotContain("'null'");
    }

    // --- unknown keys ---

    @Test
    void unknownTopLevelKeySuggestsTheRightOne() {
        String message = usageError("""
                databases:
                  app:
                    url: postgresql://backup@db/app
                reposotory: { path: /var/lib/bulwark }
                """);

        assertThat(message)
                .startsWith(FILE + ":4:")
                .contains("unknown key 'reposotory'")
                .contains("at the top level")
                .contains("did you mean 'repository'?")
                .contains("known keys here: agents, databases, gate, repository, terraform, verification");
    }

    @Test
    void unknownNestedKeyNamesParentLineAndSuggestion() {
        String message = usageError("""
                databases:
                  app:
                    url: postgresql://backup@db/app
                    rpoo: 15m
                """);

        assertThat(message)
                .startsWith(FILE + ":4:")
                .contains("unknown key 'rpoo'")
                .contains("under 'databases.app'")
                .contains("did you mean 'rpo'?")
                .contains("critical_tables")
                .contains("password_file");
    }

    // --- pitr: a managed provider's point-in-time recovery ---

    @Test
    void pitrManagedByBinds() {
        BulwarkConfig c = parse(db("    pitr: { managed_by: AWS RDS }\n"));
        assertThat(c.databases().get("app").pitr().managedBy()).isEqualTo("AWS RDS");
        assertThat(parse(db("    rpo: 1m\n")).databases().get("app").pitr()).isNull();
    }

    @Test
    void unknownKeyUnderPitrIsNamed() {
        String message = usageError(db("    pitr:\n      managed_bye: Neon\n"));
        assertThat(message).startsWith(FILE + ":5:").contains("unknown key 'managed_bye'").contains("under 'databases.app.pitr'")
                .contains("did you mean 'managed_by'?");
    }

    @Test
    void pitrSectionNeedsItsProvider() {
        assertThat(usageError(db("    pitr: {}\n"))).contains("databases.app.pitr.managed_by").contains("is required");
    }

    @Test
    void unknownKeyInListElementNamesIndex() {
        String message = usageError(db("""
                    critical_tables:
                      - table: public.a
                      - tabel: public.b
                """));
        assertThat(message)
                .startsWith(FILE + ":6:")
                .contains("unknown key 'tabel'")
                .contains("under 'databases.app.critical_tables[1]'")
                .contains("did you mean 'table'?");
    }

    @Test
    void camelCaseKeySuggestsSnakeCase() {
        String message = usageError(db("    criticalTables: []\n"));
        assertThat(message).contains("unknown key 'criticalTables'").contains("known keys here:").contains("critical_tables");
    }

    @Test
    void farOffUnknownKeyHasNoSuggestion() {
        String message = usageError("completely_different: 1\n");
        assertThat(message).contains("unknown key 'completely_different'").doesNotContain("did you mean");
    }

    // --- wrong types and broken YAML ---

    @Test
    void listWhereMapExpected() {
        String message = usageError("""
                databases:
                  - app
                  - other
                """);
        assertThat(message).startsWith(FILE + ":2:").contains("key 'databases'");
    }

    @Test
    void mapWhereListExpected() {
        String message = usageError(db("    checks: { name: x, sql: SELECT true }\n"));
        assertThat(message).startsWith(FILE + ":4:").contains("databases.app.checks");
    }

    @Test
    void scalarWhereMapExpected() {
        String message = usageError("repository: /var/lib/bulwark\n");
        assertThat(message).startsWith(FILE + ":1:").contains("key 'repository'");
    }

    @Test
    void mapWhereStringExpected() {
        String message = usageError("databases:\n  app:\n    url: { host: db }\n");
        assertThat(message).startsWith(FILE + ":3:").contains("databases.app.url");
    }

    @Test
    void textWhereNumberExpected() {
        String message = usageError(db("    critical_tables:\n      - { table: public.a, min_rows: many }\n"));
        assertThat(message).startsWith(FILE + ":5:").contains("databases.app.critical_tables[0].min_rows");
    }

    @Test
    void invalidYamlNamesLine() {
        String message = usageError("""
                databases:
                  app:
                    url: postgresql://backup@db/app
                    rpo: 15m: 30s
                repository: { path: /x }
                """);
        assertThat(message).startsWith(FILE + ":4:").contains("mapping values are not allowed");
    }

    @Test
    void badIndentationIsInvalidYaml() {
        String message = usageError("""
                databases:
                  app:
                    url: postgresql://backup@db/app
                   rpo: 15m
                """);
        // SnakeYAML's message starts with its context ("while parsing a block mapping"); the
        // user needs the problem itself.
        assertThat(message).startsWith(FILE + ":4:").contains("expected <block end>");
    }

    @Test
    void tabIndentationIsInvalidYaml() {
        String message = usageError("databases:\n\tapp:\n");
        // The tab is on line 2, and the message must say what is wrong with it.
        assertThat(message).matches("(?s)" + FILE + ":2:\\d+: not valid YAML: .+").contains("cannot start any token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "   \n\n", "# only a comment\n", "---\n"})
    void emptyFileSaysSo(String yaml) {
        String message = usageError(yaml);
        assertThat(message).contains("the file is empty");
    }

    @Test
    void topLevelListIsAnError() {
        String message = usageError("- databases\n");
        assertThat(message).startsWith(FILE + ":1:");
    }

    // --- validation ---

    @Test
    void missingUrl() {
        String message = usageError("databases:\n  app:\n    rpo: 15m\n");
        assertThat(message).isEqualTo(FILE + ": databases.app.url is required, e.g. postgresql://backup@db.internal:5432/app");
    }

    @Test
    void databaseWithoutAnyKeysNamesTheMissingUrl() {
        String message = usageError("databases:\n  app:\n");
        assertThat(message).contains("databases.app").contains("url");
    }

    @Test
    void nullListElementNamesTheKey() {
        String message = usageError(db("    checks: [ ~ ]\n"));
        assertThat(message).contains("databases.app.checks[0]").doesNotContain("NullPointerException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://backup@db/app", "db.internal:5432/app", "jdbc:postgresql://db/app"})
    void badUrlScheme(String url) {
        String message = usageError("databases:\n  app:\n    url: " + url + "\n");
        assertThat(message).contains("databases.app.url").contains("postgresql://");
    }

    @Test
    void badPortInUrl() {
        String message = usageError("databases:\n  app:\n    url: postgresql://db:port/app\n");
        assertThat(message).contains("databases.app.url").contains("port").contains("'port'");
    }

    @Test
    void badGateUrl() {
        String message = usageError(db("    gate: { readonly_url: http://db/app }\n"));
        assertThat(message).contains("databases.app.gate.readonly_url").contains("postgresql://");
    }

    @Test
    void freshColumnNeedsRpo() {
        String message = usageError(db("    critical_tables:\n      - { table: public.a, fresh_column: created_at }\n"));
        assertThat(message).contains("databases.app.critical_tables[0].fresh_column").contains("rpo");
    }

    @Test
    void freshColumnWithRpoIsFine() {
        BulwarkConfig c = parse(db("    rpo: 1h\n    critical_tables:\n      - { table: public.a, fresh_column: created_at }\n"));
        assertThat(c.databases().get("app").criticalTables().get(0).freshColumn()).isEqualTo("created_at");
    }

    @Test
    void criticalTableNeedsTable() {
        String message = usageError(db("    critical_tables:\n      - { min_rows: 3 }\n"));
        assertThat(message).contains("databases.app.critical_tables[0].table").contains("required");
    }

    @Test
    void negativeMinRows() {
        String message = usageError(db("    critical_tables:\n      - { table: public.a, min_rows: -1 }\n"));
        assertThat(message).contains("databases.app.critical_tables[0].min_rows").contains("negative");
    }

    @Test
    void checkNeedsNameAndSql() {
        assertThat(usageError(db("    checks:\n      - { sql: SELECT true }\n")))
                .contains("databases.app.checks[0].name");
        assertThat(usageError(db("    checks:\n      - { name: x }\n")))
                .contains("databases.app.checks[0].sql");
    }

    @Test
    void s3RepositoryRejected() {
        String message = usageError("repository: { path: s3://bucket/prefix }\n");
        assertThat(message).contains("repository.path").contains("S3").contains("local directory");
    }

    @Test
    void repositoryWithoutPath() {
        String message = usageError("repository: {}\n");
        assertThat(message).contains("repository.path").contains("required");
    }

    @Test
    void verificationTargetUrlNeedsUrl() {
        String message = usageError("verification: { target: url }\n");
        assertThat(message).contains("verification.url").contains("required");
    }

    @Test
    void verificationTargetMustBeKnown() {
        String message = usageError("verification: { target: production }\n");
        assertThat(message).contains("verification.target").contains("'production'");
    }

    @Test
    void verificationSandboxWithUrlIsContradictory() {
        String message = usageError("verification: { target: sandbox, url: postgresql://v/postgres }\n");
        assertThat(message).contains("verification.target").contains("remove one");
    }

    @Test
    void verificationUrlIsValidated() {
        String message = usageError("verification: { url: \"https://v/postgres\" }\n");
        assertThat(message).contains("verification.url").contains("postgresql://");
    }

    // --- terraform ---

    @Test
    void terraformDataBearingTypesAddToTheBuiltInList() {
        assertThat(parse(db("")).terraform().dataBearing()).isEmpty();
        BulwarkConfig c = parse("terraform:\n  data_bearing: [acme_database, \"acme_*_volume\"]\n");
        assertThat(c.terraform().dataBearing()).containsExactly("acme_database", "acme_*_volume");
        assertThat(c.databases()).isEmpty();
    }

    @Test
    void terraformSectionMistakesNameTheKey() {
        assertThat(usageError("terraform:\n  data_baring: [x]\n")).contains("unknown key 'data_baring'")
                .contains("did you mean 'data_bearing'");
        assertThat(usageError("terraform: { data_bearing: [\"aws db\"] }\n")).contains("terraform.data_bearing[0]")
                .contains("resource type");
    }

    // --- gate.store ---

    @Test
    void gateStoreIsAFilePathByDefault() {
        BulwarkConfig c = parse(db("") + "gate: { store: /var/lib/bulwark/approvals.db }\n");
        assertThat(c.gate().store()).isEqualTo(new StoreLocation.SqliteFile(Path.of("/var/lib/bulwark/approvals.db")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "postgres"})
    void gateStoreCanBeAControlDatabaseWithItsPasswordFromTheEnvironment(String scheme) {
        BulwarkConfig c = parse(db("") + "gate:\n  store: " + scheme
                + "://bulwark_store:${STORE_PW}@control.internal:5433/bulwark?sslmode=require\n", "STORE_PW", "p4ss-w0rd");
        StoreLocation.ControlDatabase store = (StoreLocation.ControlDatabase) c.gate().store();
        assertThat(store.url().host()).isEqualTo("control.internal");
        assertThat(store.url().port()).isEqualTo(5433);
        assertThat(store.url().database()).isEqualTo("bulwark");
        assertThat(store.url().user()).isEqualTo("bulwark_store");
        assertThat(store.url().password()).isEqualTo("p4ss-w0rd");
        assertThat(store.url().params()).containsEntry("sslmode", "require");
        assertThat(c.gate().toString()).contains("bulwark_store@control.internal:5433/bulwark").doesNotContain("p4ss-w0rd");
    }

    @Test
    void aMalformedControlDatabaseUrlNamesTheKeyAndLine() {
        String message = usageError(db("") + "gate:\n  store: postgresql://u:secret@db:port/control\n");
        assertThat(message).contains("bulwark.yaml:6:").contains("gate.store").contains("port that is not a number")
                .doesNotContain("secret");
        assertThat(usageError(db("") + "gate: { store: [a, b] }\n")).contains("gate.store").contains("postgresql:// URL");
    }

    @Test
    void gateThreadsArePlatformByDefaultAndValidated() {
        assertThat(parse(db("") + "gate: { listen: \"127.0.0.1:7000\" }\n").gate().threadsOrDefault()).isEqualTo("platform");
        assertThat(parse(db("") + "gate: { threads: virtual }\n").gate().threadsOrDefault()).isEqualTo("virtual");
        assertThat(usageError(db("") + "gate: { threads: green }\n")).contains("gate.threads").contains("platform or virtual");
    }

    // --- load() from disk ---

    @Test
    void loadsFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bulwark.yaml");
        Files.writeString(file, FULL);

        BulwarkConfig c = loader("APP_PW", "pw").load(file);

        assertThat(c.databases().get("app").url()).isEqualTo("postgresql://backup:pw@db.internal:5432/app");
    }

    @Test
    void loadErrorsNameTheRealPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf").resolve("prod.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "databases:\n  app:\n    url: postgresql://db/app\n    rpoo: 1m\n");

        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> loader().load(file));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).startsWith(file + ":4:").contains("did you mean 'rpo'?");
    }

    @Test
    void missingFileTellsWhatToDo(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> loader().load(file));

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage())
                .contains(file.toString())
                .contains("not found")
                .contains("--config")
                .contains("BULWARK_CONFIG")
                .contains("bulwark.yaml");
    }

    @Test
    void directoryInsteadOfFile(@TempDir Path dir) {
        BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> loader().load(dir));
        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains(dir.toString());
    }

    @Test
    void locateOrder() {
        assertThat(loader("BULWARK_CONFIG", "/etc/b.yaml").locate(Path.of("x.yaml"))).isEqualTo(Path.of("x.yaml"));
        assertThat(loader("BULWARK_CONFIG", "/etc/b.yaml").locate(null)).isEqualTo(Path.of("/etc/b.yaml"));
        assertThat(loader("BULWARK_CONFIG", "  ").locate(null)).isEqualTo(Path.of("bulwark.yaml"));
        assertThat(loader().locate(null)).isEqualTo(Path.of("bulwark.yaml"));
    }

    @Test
    void editDistance() {
        assertThat(ConfigLoader.editDistance("rpo", "rpo")).isZero();
        assertThat(ConfigLoader.editDistance("rpoo", "rpo")).isEqualTo(1);
        assertThat(ConfigLoader.editDistance("rto", "rpo")).isEqualTo(1);
        assertThat(ConfigLoader.editDistance("", "abc")).isEqualTo(3);
        assertThat(ConfigLoader.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    // --- BulwarkConfig.database(name) ---

    @Nested
    class DatabaseSelection {
        private final DatabaseConfig a = new DatabaseConfig("postgresql://db/a", null, null, null, null, null, null);
        private final DatabaseConfig b = new DatabaseConfig("postgresql://db/b", null, null, null, null, null, null);

        private BulwarkConfig config(Map<String, DatabaseConfig> dbs) {
            return new BulwarkConfig(dbs, null, null, null, null);
        }

        @Test
        void noDatabases() {
            BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> config(Map.of()).database(null));
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("defines no databases").contains("databases:");
        }

        @Test
        void nullDatabasesMapMeansNone() {
            BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> config(null).database(null));
            assertThat(e.getMessage()).contains("defines no databases");
        }

        @Test
        void theOnlyDatabaseIsTheDefault() {
            assertThat(config(Map.of("a", a)).database(null)).isEqualTo(new NamedDatabase("a", a));
        }

        @Test
        void severalDatabasesNeedAName() {
            BulwarkException e = catchThrowableOfType(BulwarkException.class,
                    () -> config(Map.of("a", a, "b", b)).database(null));
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("several databases").contains("a").contains("b").contains("--db NAME");
        }

        @Test
        void namedDatabase() {
            assertThat(config(Map.of("a", a, "b", b)).database("b")).isEqualTo(new NamedDatabase("b", b));
        }

        @Test
        void unknownName() {
            BulwarkException e = catchThrowableOfType(BulwarkException.class,
                    () -> config(Map.of("a", a, "b", b)).database("c"));
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("no database 'c'").contains("known:").contains("a").contains("b");
        }

        @Test
        void requireRepository() {
            BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> config(Map.of()).requireRepository());
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).contains("repository:");
        }

        @Test
        void parsedConfigSelectsByName() {
            BulwarkConfig c = parse("""
                    databases:
                      app: { url: postgresql://db/app }
                      billing: { url: postgresql://db/billing }
                    """);
            assertThat(c.database("billing").config().url()).isEqualTo("postgresql://db/billing");
            assertThat(catchThrowableOfType(BulwarkException.class, () -> c.database(null)).getMessage())
                    .contains("several databases").contains("app").contains("billing");
            assertThat(List.copyOf(c.databases().keySet())).containsExactlyInAnyOrder("app", "billing");
        }
    }
}
