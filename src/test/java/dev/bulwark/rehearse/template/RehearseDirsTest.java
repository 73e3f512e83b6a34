package dev.bulwark.rehearse.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.OsUser;

class RehearseDirsTest {
    private static final OsUser ROOT = new OsUser("postgres", true);
    private static final OsUser USER = new OsUser("postgres", false);

    @Test
    void theVariableWinsThenRootsCacheThenXdg() {
        assertThat(RehearseDirs.root(Map.of("BULWARK_REHEARSE_DIR", "/srv/rehearse"), ROOT)).isEqualTo(Path.of("/srv/rehearse"));
        assertThat(RehearseDirs.root(Map.of(), ROOT)).isEqualTo(Path.of("/var/cache/bulwark/rehearse"));
        assertThat(RehearseDirs.root(Map.of("XDG_CACHE_HOME", "/home/a/.cache"), USER)).isEqualTo(Path.of("/home/a/.cache/bulwark/rehearse"));
        assertThat(RehearseDirs.root(Map.of("HOME", "/home/b"), USER)).isEqualTo(Path.of("/home/b/.cache/bulwark/rehearse"));
    }

    @Test
    void itIsNeverTheSandboxDirectoryWhoseSweepWouldDeleteIt() {
        assertThatThrownBy(() -> RehearseDirs.root(Map.of("BULWARK_REHEARSE_DIR", "/tmp/sb", "BULWARK_SANDBOX_DIR", "/tmp/sb/"), ROOT))
                .isInstanceOf(BulwarkException.class).hasMessageContaining("must not be the sandbox directory");
    }

    @Test
    void databaseNamesBecomeSafeFolderNames() {
        assertThat(RehearseDirs.folder("app")).isEqualTo("app");
        assertThat(RehearseDirs.folder("../etc")).isEqualTo("_.._etc");
        assertThat(RehearseDirs.folder("a b/c")).isEqualTo("a_b_c");
    }
}
