package dev.bulwark.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.Sandbox;

/**
 * A fresh sandbox cluster as restore target. Roles are cluster-wide and not part of a database
 * dump, so the roles the dump names (owners, grantees) are created first, without login, so that
 * ownership and privileges are restored and checked too. Tablespaces are physical: ignored.
 */
final class SandboxTarget implements RestoreTarget {
    static final String DATABASE = "bulwark_verify";

    private final Sandbox sandbox;

    SandboxTarget(Sandbox sandbox, String encoding, Set<String> roles) {
        this.sandbox = sandbox;
        try {
            try (Connection c = sandbox.connect("postgres"); Statement st = c.createStatement()) {
                for (String role : roles) {
                    if (role.equals(Sandbox.SUPERUSER) || role.isBlank()) continue;
                    st.execute("CREATE ROLE " + Identifiers.quote(role) + " NOLOGIN");
                }
            }
            sandbox.createDatabase(DATABASE, encoding == null ? "UTF8" : encoding);
        } catch (SQLException e) {
            sandbox.close();
            throw BulwarkException.environment("cannot prepare the sandbox for the restore: " + e.getMessage()
                    + "\nserver log:\n" + sandbox.logTail(10), e);
        }
    }

    @Override
    public PgUrl url() {
        return sandbox.url(DATABASE);
    }

    @Override
    public String description() {
        return "sandbox (PostgreSQL " + sandbox.server().version() + " on 127.0.0.1:" + sandbox.port() + ")";
    }

    @Override
    public String serverVersion() {
        return sandbox.server().version();
    }

    @Override
    public List<String> restoreOptions() {
        return List.of("--no-tablespaces");
    }

    @Override
    public String logTail() {
        return sandbox.logTail(30);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
