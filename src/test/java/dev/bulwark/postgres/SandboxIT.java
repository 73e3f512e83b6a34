package dev.bulwark.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;

class SandboxIT {
    static final Map<String, String> ENV = System.getenv();

    @TempDir
    Path root;

    @BeforeEach
    void letTheServerUserIn() throws Exception {
        // When tests run as root, the sandbox runs as an unprivileged user that must reach this folder.
        java.nio.file.Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }

    private Sandbox start() {
        PgBinaries binaries = PgBinaries.fromEnvironment(ENV);
        return Sandbox.start(binaries.requireServer(13, "for tests"), OsUser.forServer(ENV), new SandboxDirs(root));
    }

    @Test
    void startsOnLoopbackWithAPasswordAndIsRemovedOnClose() throws Exception {
        Path dir;
        try (Sandbox s = start()) {
            dir = s.dir();
            try (Connection c = s.connect("postgres"); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT current_setting('listen_addresses'), current_setting('fsync')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.getString(2)).isEqualTo("off");
            }
            Properties noPassword = new Properties();
            noPassword.setProperty("user", Sandbox.SUPERUSER);
            assertThatThrownBy(() -> DriverManager.getConnection(s.url("postgres").jdbcUrl(), noPassword))
                    .hasMessageContaining("password");
            assertThat(Files.exists(dir.resolve("pwfile"))).isFalse();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void sandboxOfACrashedProcessIsSweptBeforeTheNextStarts() throws Exception {
        Sandbox orphan = start();
        long postmaster = Long.parseLong(Files.readAllLines(orphan.dir().resolve("data/postmaster.pid")).get(0).trim());
        // What a JVM killed with SIGKILL leaves: a running server in a folder whose owner is gone.
        Files.writeString(orphan.dir().resolve("owner"), "999999999 0\n");
        try (Sandbox next = start()) {
            assertThat(orphan.dir()).doesNotExist();
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(next.dir()).exists();
        }
        orphan.close();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anUnknownServerUserIsAClearEnvironmentErrorAndLeavesNothing() {
        PgBinaries.Tool initdb = PgBinaries.fromEnvironment(ENV).requireServer(13, "for tests");
        assertThatThrownBy(() -> Sandbox.start(initdb, new OsUser("no_such_os_user_bulwark", true), new SandboxDirs(root)))
                .isInstanceOfSatisfying(BulwarkException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
                    assertThat(e.getMessage()).contains("no_such_os_user_bulwark").contains("BULWARK_SANDBOX_USER");
                });
    }
}
