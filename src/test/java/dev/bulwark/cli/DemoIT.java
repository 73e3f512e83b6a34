package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.testing.Cli;

class DemoIT {
    @TempDir
    Path sandboxes;

    @BeforeEach
    void letTheServerUserIn() throws Exception {
        // When tests run as root, the sandbox runs as an unprivileged user that must reach this folder.
        java.nio.file.Files.setPosixFilePermissions(sandboxes, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Test
    void demoProvesTheBackupCatchesTheDamageAndCleansUp() throws Exception {
        Cli.Result r = Cli.run(Map.of("BULWARK_SANDBOX_DIR", sandboxes.toString()), "demo");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out())
                .contains("VERIFIED")
                .contains("public.attendees")
                .contains("identical")
                .contains("FAILED")
                .contains("held for approval as request cr-")
                .contains("DROP TABLE of a table with 240 rows")
                .contains("sponsors is gone")
                .contains("sponsors is back with 240 rows")
                .contains("audit log intact")
                .contains("Demo complete");
        try (Stream<Path> left = Files.list(sandboxes)) {
            assertThat(left).as("sandboxes left behind").isEmpty();
        }
    }
}
