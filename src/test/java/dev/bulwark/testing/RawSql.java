package dev.bulwark.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Statements run straight on a store's tables, around Bulwark, the way someone holding the file or the server could. */
public final class RawSql {
    private RawSql() {}

    public static void run(Connection connection, String... sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    public static void sqlite(Path file, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            run(c, sql);
        }
    }
}
