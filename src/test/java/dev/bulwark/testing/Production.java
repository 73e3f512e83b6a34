package dev.bulwark.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.Sandbox;
import dev.bulwark.postgres.SandboxDirs;

/** A real PostgreSQL sandbox playing production in tests, with one database loaded from SQL. */
public final class Production implements AutoCloseable {
    public static final Map<String, String> ENV = System.getenv();

    private final Sandbox sandbox;
    private final String database;

    private Production(Sandbox sandbox, String database) {
        this.sandbox = sandbox;
        this.database = database;
    }

    public static Production start(String database, String... sql) throws SQLException {
        return startWithEncoding(database, "UTF8", sql);
    }

    public static Production startWithEncoding(String database, String encoding, String... sql) throws SQLException {
        PgBinaries binaries = PgBinaries.fromEnvironment(ENV);
        Sandbox sandbox = Sandbox.start(binaries.requireServer(13, "for tests"), OsUser.forServer(ENV), SandboxDirs.fromEnvironment(ENV));
        Production p = new Production(sandbox, database);
        try {
            sandbox.createDatabase(database, encoding);
            for (String s : sql) p.exec(s);
            return p;
        } catch (SQLException | RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public String database() {
        return database;
    }

    /** A config URL with the password inline, as a user would write it with ${ENV} expanded. */
    public String url() {
        return "postgresql://" + Sandbox.SUPERUSER + ":" + sandbox.url(database).password() + "@127.0.0.1:" + sandbox.port() + "/" + database;
    }

    public String urlWithoutPassword() {
        return "postgresql://" + Sandbox.SUPERUSER + "@127.0.0.1:" + sandbox.port() + "/" + database;
    }

    public String password() {
        return sandbox.url(database).password();
    }

    public DatabaseConfig config() {
        return new DatabaseConfig(url(), null, Duration.ofHours(1), null, List.of(), List.of(), null);
    }

    public void exec(String sql) throws SQLException {
        try (Connection c = sandbox.connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = sandbox.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static String resource(String name) {
        try (var in = Production.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }

    public Path dir() {
        return sandbox.dir();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
