package dev.bulwark.rehearse.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.BulwarkException;

class MigrationFilesTest {
    @TempDir
    Path dir;

    @Test
    void flywayMigrationsApplyInVersionOrderThenRepeatablesByDescription() throws Exception {
        Files.writeString(dir.resolve("V10__ten.sql"), "SELECT 10;");
        Files.writeString(dir.resolve("V2__two.sql"), "SELECT 2; SELECT 2.5;");
        Files.writeString(dir.resolve("V1_1__one_one.sql"), "SELECT 11;");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/V1__one.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("R__views.sql"), "SELECT 'r';");
        Files.writeString(dir.resolve("U2__undo.sql"), "SELECT 'u';");
        Files.writeString(dir.resolve("notes.txt"), "hello");

        MigrationSet set = MigrationFiles.load(dir);

        assertThat(set.migrations()).extracting(Migration::file)
                .containsExactly("sub/V1__one.sql", "V1_1__one_one.sql", "V2__two.sql", "V10__ten.sql", "R__views.sql");
        assertThat(set.migrations()).extracting(Migration::version).containsExactly("1", "1.1", "2", "10", null);
        assertThat(set.statements()).extracting(ScriptStatement::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(set.ignored()).containsExactly("U2__undo.sql", "notes.txt");
    }

    @Test
    void twoFilesWithTheSameVersionAreRefused() throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("V1.0__b.sql"), "SELECT 2;");
        assertThatThrownBy(() -> MigrationFiles.load(dir)).isInstanceOf(BulwarkException.class).hasMessageContaining("same version 1");
    }

    @Test
    void aDirectoryWithoutMigrationsIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("init.sql"), "SELECT 1;");
        assertThatThrownBy(() -> MigrationFiles.load(dir)).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("no Flyway migrations").hasMessageContaining("init.sql");
    }

    @Test
    void aSingleFileIsNamedAsGivenAndAByteOrderMarkKeepsOffsets() throws Exception {
        Path f = Files.writeString(dir.resolve("change.sql"), "\uFEFFSELECT 1;\nSELECT 2;");
        MigrationSet set = MigrationFiles.load(f);
        assertThat(set.migrations()).singleElement().satisfies(m -> {
            assertThat(m.file()).isEqualTo(f.toString());
            assertThat(m.version()).isNull();
            assertThat(m.statements()).extracting(ScriptStatement::line).containsExactly(1, 2);
            assertThat(m.statements().get(0).sql()).isEqualTo("SELECT 1");
        });
    }

    @Test
    void unreadableInputIsAUsageErrorNamingTheFile() throws Exception {
        assertThatThrownBy(() -> MigrationFiles.load(dir.resolve("missing.sql"))).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("no migration file or directory");
        Path latin1 = dir.resolve("latin1.sql");
        Files.write(latin1, new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xe9, '\''});
        assertThatThrownBy(() -> MigrationFiles.load(latin1)).isInstanceOf(BulwarkException.class).hasMessageContaining("is not UTF-8");
    }
}
