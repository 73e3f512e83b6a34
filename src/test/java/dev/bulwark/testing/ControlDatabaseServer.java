package dev.bulwark.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.bulwark.config.StoreLocation;
import dev.bulwark.postgres.PgUrl;

/**
 * A real PostgreSQL sandbox holding a control database for the approvals and audit store. Bulwark
 * reaches it as an unprivileged role that may only create schemas in that database; tests tamper
 * with it as the superuser, the way a server administrator could.
 */
public final class ControlDatabaseServer implements StoreFixture, AutoCloseable {
    public static final String ROLE = "bulwark_store";
    public static final String DATABASE = "control";

    private static ControlDatabaseServer shared;

    private final Production production;
    private final String password;

    private ControlDatabaseServer(Production production, String password) {
        this.production = production;
        this.password = password;
    }

    /** One server for all the test classes of a JVM; its sandbox removes itself when the JVM exits. */
    public static synchronized ControlDatabaseServer shared() throws SQLException {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public static ControlDatabaseServer start() throws SQLException {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Production production = Production.start(DATABASE, "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password + "'",
                "GRANT CREATE ON DATABASE " + DATABASE + " TO " + ROLE);
        return new ControlDatabaseServer(production, password);
    }

    public String password() {
        return password;
    }

    public int port() {
        return production.sandbox().port();
    }

    public PgUrl url() {
        return new PgUrl("127.0.0.1", port(), DATABASE, ROLE, password, Map.of());
    }

    /** The URL as a user writes it in gate.store once ${ENV} is expanded. */
    public String urlText() {
        return "postgresql://" + ROLE + ":" + password + "@127.0.0.1:" + port() + "/" + DATABASE;
    }

    public StoreLocation location() {
        return new StoreLocation.ControlDatabase(url());
    }

    /** A superuser connection whose unqualified names are the store's tables. */
    public Connection superuser() throws SQLException {
        Connection c = production.sandbox().connect(DATABASE);
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO bulwark");
        }
        return c;
    }

    /** Runs statements as the superuser, one after another, in the store's schema. */
    @Override
    public void execute(String... sql) throws SQLException {
        try (Connection c = superuser()) {
            RawSql.run(c, sql);
        }
    }

    /** Drops the store's schema, so the next store opened starts empty. */
    public void reset() throws SQLException {
        execute("DROP SCHEMA IF EXISTS bulwark CASCADE");
    }

    @Override
    public StoreLocation freshLocation() throws SQLException {
        reset();
        return location();
    }

    /** The superuser (or the tables' owner) can switch the triggers off, and on again to hide it. */
    @Override
    public void tamper(String... sql) throws SQLException {
        List<String> statements = new ArrayList<>(List.of("BEGIN", "ALTER TABLE audit DISABLE TRIGGER USER",
                "ALTER TABLE audit_head DISABLE TRIGGER USER"));
        statements.addAll(List.of(sql));
        statements.addAll(List.of("ALTER TABLE audit ENABLE TRIGGER USER", "ALTER TABLE audit_head ENABLE TRIGGER USER", "COMMIT"));
        execute(statements.toArray(String[]::new));
    }

    @Override
    public void close() {
        production.close();
    }
}
