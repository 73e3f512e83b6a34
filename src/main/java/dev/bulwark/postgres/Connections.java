package dev.bulwark.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import dev.bulwark.BulwarkException;

/**
 * Opens connections to configured servers. The password comes from the URL (after ${ENV}
 * expansion), a password file, or PGPASSWORD, and travels to child programs only as PGPASSWORD.
 */
public final class Connections {
    private Connections() {}

    /** The URL with its password filled in from a password file or PGPASSWORD when it has none. */
    public static PgUrl withSecret(PgUrl url, Path passwordFile, Map<String, String> env) {
        if (url.password() != null) return url;
        if (passwordFile != null) {
            try {
                return url.withPassword(Files.readString(passwordFile).strip());
            } catch (IOException e) {
                throw BulwarkException.usage("cannot read password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String pg = env.get("PGPASSWORD");
        return pg != null ? url.withPassword(pg) : url;
    }

    public static Connection open(PgUrl url, String purpose) {
        try {
            return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot connect to " + url.redacted() + " (" + purpose + "): "
                    + e.getMessage() + "; check that the server is up and the URL, role and password are right", e);
        }
    }

    /** Environment for libpq programs (pg_dump, pg_restore, psql): the secret and nothing else. */
    public static Map<String, String> libpqEnv(PgUrl url) {
        Map<String, String> env = new HashMap<>();
        if (url.password() != null) env.put("PGPASSWORD", url.password());
        return env;
    }
}
