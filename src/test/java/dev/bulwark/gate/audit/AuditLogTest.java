package dev.bulwark.gate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.testing.SqliteStoreFixture;
import dev.bulwark.testing.StoreFixture;

/** The audit log in a SQLite file: the shared behaviour, plus what only a file has. */
class AuditLogTest extends AuditLogContract {
    @TempDir
    Path dir;
    Path file;

    @Override
    StoreFixture backend() {
        file = dir.resolve("approvals.db");
        return new SqliteStoreFixture(file);
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        fill(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(log.file()).isEqualTo(file);
    }
}
