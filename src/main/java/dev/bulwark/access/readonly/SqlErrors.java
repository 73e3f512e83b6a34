package dev.bulwark.access.readonly;

import java.sql.SQLException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** PostgreSQL's own words for a failed statement: message, detail and hint, without pgjdbc's wrapping. */
final class SqlErrors {
    private SqlErrors() {}

    static String message(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            StringBuilder sb = new StringBuilder(String.valueOf(m.getMessage()));
            if (m.getDetail() != null) sb.append(" (").append(m.getDetail()).append(')');
            if (m.getHint() != null) sb.append("; hint: ").append(m.getHint());
            return sb.toString();
        }
        return String.valueOf(e.getMessage());
    }

    static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }
}
