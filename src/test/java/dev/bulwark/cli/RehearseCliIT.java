package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.FileTrees;
import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.Production;

/** `bulwark rehearse` as users run it: the built jar, text and JSON, exit codes, errors. */
class RehearseCliIT {
    static Production production;
    static Path work;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("shop", """
                CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL UNIQUE, phone text);
                INSERT INTO customers SELECT g, 'c' || g || '@example.com', CASE WHEN g % 3 = 0 THEN NULL ELSE '555-' || g END
                  FROM generate_series(1, 3000) g;
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10,2) NOT NULL,
                  created_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO orders SELECT g, 1 + g % 3000, g * 1.25, now() - g * interval '1 minute' FROM generate_series(1, 20000) g;
                CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 1000;
                """);
        work = Files.createTempDirectory("bulwark-rehearse-cli-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        config = work.resolve("bulwark.yaml");
        String url = production.urlWithoutPassword().replace("@", ":${SHOP_PW}@");
        Files.writeString(config, """
                databases:
                  shop:
                    url: %s
                  unproven:
                    url: %s
                repository: { path: %s }
                """.formatted(url, url, work.resolve("repo")));
        assertThat(bulwark("backup", "--db", "shop").exit()).isZero();
        Cli.Result verify = bulwark("verify", "--db", "shop");
        assertThat(verify.exit()).as(verify.all()).isZero();
        assertThat(bulwark("backup", "--db", "unproven").exit()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (production != null) production.close();
        if (work != null) FileTrees.delete(work);
    }

    private static Cli.Result bulwark(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(Map.of("SHOP_PW", production.password(), "BULWARK_REHEARSE_DIR", work.resolve("templates").toString()), all);
    }

    private static Path migration(String name, String sql) throws Exception {
        return Files.writeString(work.resolve(name), sql);
    }

    @Test
    void aDangerousMigrationExitsOneWithTheVerdictFirst() throws Exception {
        Cli.Result r = bulwark("rehearse", "--db", "shop", migration("drop_phone.sql", "ALTER TABLE customers DROP COLUMN phone;\n").toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).startsWith("DANGEROUS");
        assertThat(r.out()).contains("data lost: column public.customers.phone dropped with 2000 values")
                .contains("dropped column public.customers.phone (text) with 2000 non-null values")
                .contains("drop-column").contains("fix: ").contains("ACCESS EXCLUSIVE");
        assertThat(r.all()).doesNotContain(production.password());
    }

    @Test
    void jsonOfASafeMigrationHasEverySection() throws Exception {
        Cli.Result r = bulwark("--json", "rehearse", "--db", "shop", "--assert", "SELECT count(*) = 3000 FROM customers",
                migration("notes.sql", "SET lock_timeout = '2s';\nCREATE TABLE notes (id int PRIMARY KEY, body text);\n"
                        + "INSERT INTO notes VALUES (1, 'hello');\n").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("verdict").asText()).isEqualTo("SAFE");
        assertThat(j.get("reasons")).isEmpty();
        assertThat(j.get("statements")).hasSize(3);
        assertThat(j.get("statements").get(2).get("rows").asLong()).isEqualTo(1);
        assertThat(j.get("statements").get(1).get("line").asInt()).isEqualTo(2);
        assertThat(j.get("schema_diff").get("added").toString()).contains("public.notes");
        assertThat(j.get("data_loss").get("rows_removed")).isEmpty();
        assertThat(j.get("asserts").get(0).get("passed").asBoolean()).isTrue();
        assertThat(j.get("durations_ms").get("total").asLong()).isPositive();
        assertThat(j.get("backup").get("verified_at").asText()).isNotBlank();
        assertThat(j.has("locks") && j.has("rewrites") && j.has("findings") && j.has("row_counts")).isTrue();
    }

    @Test
    void anIndexWithoutConcurrentlyIsReviewAndExitsZero() throws Exception {
        Cli.Result r = bulwark("rehearse", "--db", "shop", migration("idx.sql", "CREATE INDEX orders_created_idx ON orders (created_at);").toString());

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).startsWith("REVIEW").contains("index-without-concurrently").contains("missing-lock-timeout");
    }

    @Test
    void aFailingStatementIsShownWithFileLineAndPostgresError() throws Exception {
        Cli.Result r = bulwark("rehearse", "--db", "shop", migration("bad.sql", "CREATE TABLE ok (id int);\n\nALTER TABLE customers\n"
                + "  ALTER COLUMN phone SET NOT NULL;\nDROP TABLE orders;\n").toString());

        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED").contains("bad.sql:3").contains("statement 2 at ").contains("ERROR 23502")
                .contains("column \"phone\" of relation \"customers\" contains null values");
        assertThat(r.out()).doesNotContain("DROP TABLE orders  "); // the statement after the failure never ran
    }

    @Test
    void badInputIsAUsageError() throws Exception {
        Cli.Result missing = bulwark("rehearse", "--db", "shop", work.resolve("nope.sql").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no migration file or directory");

        Path latin1 = work.resolve("latin1.sql");
        Files.write(latin1, new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xe9, '\'', ';'});
        Cli.Result notUtf8 = bulwark("rehearse", "--db", "shop", latin1.toString());
        assertThat(notUtf8.exit()).isEqualTo(2);
        assertThat(notUtf8.err()).contains("latin1.sql is not UTF-8");

        Cli.Result meta = bulwark("rehearse", "--db", "shop", migration("meta.sql", "\\set ON_ERROR_STOP on\n\\connect other\nSELECT 1;").toString());
        assertThat(meta.exit()).isEqualTo(2);
        assertThat(meta.err()).contains("meta.sql:2: psql command \\connect cannot be rehearsed");
    }

    @Test
    void withoutAVerifiedBackupItRefusesUnlessABackupIsNamed() throws Exception {
        Path noop = migration("noop.sql", "SELECT 1;");
        Cli.Result refused = bulwark("rehearse", "--db", "unproven", noop.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("no verified backup of 'unproven'").contains("bulwark verify --db unproven")
                .contains("--backup");

        Cli.Result named = bulwark("rehearse", "--db", "unproven", "--backup", "latest", noop.toString());
        assertThat(named.exit()).as(named.all()).isZero();
        assertThat(named.out()).contains("NOT verified");
    }
}
