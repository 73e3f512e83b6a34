package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bulwark.repository.Json;
import dev.bulwark.testing.Cli;
import dev.bulwark.testing.Production;

/** bulwark access audit through the built jar: text, JSON, exit codes, errors. */
class AccessAuditCliIT {
    static Production production;

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("shop", """
                CREATE ROLE app_rw;
                CREATE TABLE public.orders (id int PRIMARY KEY, total numeric);
                GRANT INSERT, UPDATE ON public.orders TO app_rw;
                CREATE ROLE ai_reader LOGIN;
                GRANT SELECT ON public.orders TO ai_reader;
                CREATE ROLE ai_writer LOGIN;
                GRANT app_rw TO ai_writer;
                CREATE ROLE gate_ro LOGIN;
                GRANT SELECT ON public.orders TO gate_ro;
                """);
        config = dir.resolve("bulwark.yaml");
        Files.writeString(config, """
                databases:
                  shop:
                    url: %s
                    gate:
                      readonly_url: postgresql://gate_ro@127.0.0.1:5432/shop
                agents:
                  - { name: claude, role: ai_reader }
                  - { name: helper, role: ai_writer }
                """.formatted(production.urlWithoutPassword().replace("@", ":${APP_PW}@")));
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static Cli.Result audit(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "access", "audit"));
        all.addAll(List.of(args));
        return Cli.run(Map.of("APP_PW", production.password()), all.toArray(String[]::new));
    }

    @Test
    void anAgentThatCanWriteFailsTheAuditUntilItsPathIsCut() throws Exception {
        Cli.Result text = audit();
        assertThat(text.exit()).as(text.all()).isEqualTo(1);
        assertThat(text.out()).contains("role ai_writer  [agent: helper]: FAIL: 2 write paths")
                .contains("HIGH      ai_writer -> app_rw -> INSERT on public.orders")
                .contains("fix:    REVOKE \"app_rw\" FROM \"ai_writer\";")
                .contains("role gate_ro  [agent: gate (readonly_url)]: no write paths")
                .contains("role postgres: 1 write path")
                .contains("FAILED: agent roles with write paths: ai_writer");
        assertThat(text.all()).doesNotContain(production.password());

        Cli.Result json = audit("--json", "--role", "ai_reader");
        assertThat(json.exit()).isEqualTo(1);
        JsonNode report = Json.mapper().readTree(json.out());
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("roles")).extracting(r -> r.get("role").asText()).containsExactly("ai_reader", "ai_writer", "gate_ro");
        JsonNode writer = report.get("roles").get(1);
        assertThat(writer.get("agent").asBoolean()).isTrue();
        assertThat(writer.get("agents").get(0).asText()).isEqualTo("helper");
        JsonNode insert = writer.get("findings").get(0);
        assertThat(insert.get("severity").asText()).isEqualTo("high");
        assertThat(insert.get("kind").asText()).isEqualTo("table_privilege");
        assertThat(insert.get("object").asText()).isEqualTo("public.orders");
        assertThat(insert.get("path")).extracting(JsonNode::asText).containsExactly("ai_writer", "app_rw", "INSERT on public.orders");
        assertThat(insert.get("fix_sql").asText()).isEqualTo("REVOKE \"app_rw\" FROM \"ai_writer\";");
        assertThat(insert.get("write_path").asBoolean()).isTrue();
        JsonNode reader = report.get("roles").get(0);
        assertThat(reader.get("write_paths").asInt()).isZero();
        assertThat(reader.get("hardening").asInt()).isPositive();
        assertThat(report.get("summary").get("agents_with_write_paths")).extracting(JsonNode::asText).containsExactly("ai_writer");

        production.exec(insert.get("fix_sql").asText());
        Cli.Result after = audit("--role", "ai_writer");
        assertThat(after.exit()).as(after.all()).isZero();
        assertThat(after.out()).contains("role ai_writer  [agent: helper]: no write paths").contains("PASSED");
    }

    @Test
    void anUnknownRoleIsAUsageError() {
        Cli.Result r = audit("--role", "nobody_here");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nobody_here");
    }

    @Test
    void anUnreachableServerIsAnEnvironmentErrorWithoutThePassword() throws Exception {
        Path down = dir.resolve("down.yaml");
        Files.writeString(down, "databases:\n  shop:\n    url: postgresql://admin:s3cret-pw@127.0.0.1:1/shop\n");
        Cli.Result r = Cli.run("--config", down.toString(), "access", "audit");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("cannot connect").contains("127.0.0.1:1/shop").doesNotContain("s3cret-pw");
    }
}
