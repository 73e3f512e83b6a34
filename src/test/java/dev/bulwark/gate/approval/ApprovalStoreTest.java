package dev.bulwark.gate.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulwark.testing.SqliteStoreFixture;
import dev.bulwark.testing.StoreFixture;

/** The approvals store in a SQLite file: the shared behaviour, plus what only a file has. */
class ApprovalStoreTest extends ApprovalStoreContract {
    @TempDir
    Path dir;
    Path file;

    @Override
    StoreFixture backend() {
        file = dir.resolve("state/approvals.db");
        return new SqliteStoreFixture(file);
    }

    /** The raw bytes of the file and its write-ahead log, where a secret would show if it were stored. */
    @Override
    String storedText() throws Exception {
        StringBuilder text = new StringBuilder();
        for (Path f : new Path[] {file, dir.resolve("state/approvals.db-wal")}) {
            text.append(Files.readString(f, StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    @Test
    void createsTheFileOwnerOnlyInWalModeWithASchemaVersion() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        store.addAgent("claude", "app");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/approvals.db-wal"))))
                .isEqualTo("rw-------");
        assertThat(store.file()).isEqualTo(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE component = 'approvals'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(ApprovalStore.SCHEMA_VERSION);
            }
        }
    }

    @Test
    void reopeningTightensLoosenedPermissions() throws Exception {
        store.close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        store = ApprovalStore.open(file, clock);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
