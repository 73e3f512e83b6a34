package dev.bulwark.access.readonly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.BulwarkException;

/** Role names, schema choices, limits and password files: what is accepted and what is a usage error. */
class ReadonlyRoleInputsTest {
    @TempDir
    Path dir;

    @Test
    void roleNamesPostgresWouldRefuseOrMisreadAreRejected() {
        for (String bad : List.of("", " ", "pg_reader", "public", "PUBLIC", "none", "current_user", "a\nb", "x".repeat(64))) {
            assertThatThrownBy(() -> new ReadonlyRoleRequest(bad, List.of(), null, false)).as(bad)
                    .isInstanceOf(BulwarkException.class);
        }
        assertThat(new ReadonlyRoleRequest("AI \"reader\"", null, null, false).limits()).isEqualTo(RoleLimits.DEFAULT);
        assertThat(new ReadonlyRoleRequest("é".repeat(31), null, null, false).schemas()).isEmpty();
    }

    @Test
    void schemasMustExistAndNotBeSystemOnes() {
        List<String> all = List.of("public", "sales", "Zeta");
        assertThat(SchemaSelection.resolve(List.of(), all, "app")).isEqualTo(all);
        assertThat(SchemaSelection.resolve(List.of("Zeta", "public", "Zeta"), all, "app")).containsExactly("public", "Zeta");
        assertThatThrownBy(() -> SchemaSelection.resolve(List.of("zeta"), all, "app"))
                .hasMessageContaining("no schema 'zeta' in database 'app'").hasMessageContaining("public, sales, Zeta");
        assertThatThrownBy(() -> SchemaSelection.resolve(List.of("pg_catalog"), all, "app")).hasMessageContaining("system schema");
        assertThatThrownBy(() -> SchemaSelection.resolve(List.of(), List.of(), "app")).hasMessageContaining("no schema");
        assertThat(SchemaSelection.isSystem("pg_toast_temp_1")).isTrue();
        assertThat(SchemaSelection.isSystem("information_schema")).isTrue();
    }

    @Test
    void limitsArePositiveAndPrintedInPostgresUnits() {
        assertThat(RoleLimits.settingValue(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(RoleLimits.settingValue(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(RoleLimits.settingValue(Duration.ofMinutes(2))).isEqualTo("2min");
        assertThat(RoleLimits.settingValue(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(RoleLimits.settingValue(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThatThrownBy(() -> new RoleLimits(Duration.ZERO, Duration.ofSeconds(1), 1)).hasMessageContaining("statement timeout");
        assertThatThrownBy(() -> new RoleLimits(Duration.ofSeconds(1), Duration.ofDays(30), 1)).hasMessageContaining("24 days");
        assertThatThrownBy(() -> new RoleLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("connection limit");
    }

    @Test
    void passwordFilesAreWrittenOwnerOnlyNeverOverwrittenAndReadWithoutTheLineBreak() throws Exception {
        Path file = dir.resolve("agent.pw");
        PasswordFiles.writeNew(file, new Secret("s3cret"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PasswordFiles.read(file).reveal()).isEqualTo("s3cret");
        assertThatThrownBy(() -> PasswordFiles.writeNew(file, new Secret("other"))).hasMessageContaining("already exists");
        Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> PasswordFiles.read(dir.resolve("empty"))).hasMessageContaining("empty");
        assertThat(new Secret("s3cret").toString()).doesNotContain("s3cret");
    }
}
