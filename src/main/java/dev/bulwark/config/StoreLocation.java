package dev.bulwark.config;

import java.nio.file.Path;

import dev.bulwark.postgres.PgUrl;

/**
 * Where the approvals and audit store lives ({@code gate.store}): a SQLite file, or a PostgreSQL
 * control database that several gates and approvers' machines share. Both variants print without
 * secrets: a control database shows as {@code user@host:port/db}.
 */
public sealed interface StoreLocation {

    /** A SQLite file on this machine. */
    record SqliteFile(Path file) implements StoreLocation {
        @Override
        public String toString() {
            return file.toString();
        }
    }

    /** A PostgreSQL database whose {@code bulwark} schema holds the tables. */
    record ControlDatabase(PgUrl url) implements StoreLocation {
        @Override
        public String toString() {
            return url.redacted();
        }
    }

    /** {@code postgresql://…} or {@code postgres://…} is a control database; anything else is a file path. */
    static StoreLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be a file path or a postgresql:// URL");
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            return new ControlDatabase(PgUrl.parse(text));
        }
        return new SqliteFile(Path.of(text));
    }
}
