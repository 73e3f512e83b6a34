package dev.bulwark.rehearse.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import dev.bulwark.postgres.Identifiers;
import dev.bulwark.rehearse.catalog.Layout;
import dev.bulwark.rehearse.catalog.SchemaObject;
import dev.bulwark.rehearse.catalog.TableCount;
import dev.bulwark.rehearse.catalog.TableCounter;
import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.Shape;

/**
 * Measurements taken on the rehearsal's own session between its statements, so they see what the
 * open transaction sees. Each runs in a savepoint (or a transaction of its own) that is rolled back,
 * as the session user, without the migration's timeouts: a probe can fail, but it never changes the
 * migration's transaction, role or settings. A probe that fails answers null: unknown, never a guess.
 */
final class Probes {
    private static final String OWN_LOCKS = "SELECT relation::bigint, mode FROM pg_locks WHERE pid = pg_backend_pid() "
            + "AND locktype = 'relation' AND granted AND relation >= 16384";

    interface Body<T> {
        T run(Statement st) throws SQLException;
    }

    private final Connection connection;

    Probes(Connection connection) {
        this.connection = connection;
    }

    TransactionState transactionState() throws SQLException {
        return connection.unwrap(BaseConnection.class).getTransactionState();
    }

    <T> T probe(Body<T> body) {
        try (Statement st = connection.createStatement()) {
            boolean inTransaction = transactionState() != TransactionState.IDLE;
            st.execute(inTransaction ? "SAVEPOINT bulwark_probe" : "BEGIN");
            try {
                st.execute("SET LOCAL ROLE NONE; SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0");
                return body.run(st);
            } catch (SQLException e) {
                return null;
            } finally {
                st.execute(inTransaction ? "ROLLBACK TO SAVEPOINT bulwark_probe; RELEASE SAVEPOINT bulwark_probe" : "ROLLBACK");
            }
        } catch (SQLException e) {
            return null;
        }
    }

    Layout layout() {
        return probe(st -> Layout.read(st.getConnection()));
    }

    /** The table locks this session holds now; outside a transaction, none. */
    Set<HeldLock> ownLocks() {
        return probe(st -> {
            Set<HeldLock> out = new HashSet<>();
            try (ResultSet rs = st.executeQuery(OWN_LOCKS)) {
                while (rs.next()) out.add(new HeldLock(rs.getLong(1), LockModes.display(rs.getString(2))));
            }
            return out;
        });
    }

    TableCount count(long oid) {
        return probe(st -> TableCounter.count(st.getConnection(), oid, true));
    }

    /**
     * For each column whose type the statement changes: how many values would not survive the round trip
     * to the new type and back (12.34 to numeric(10,0) and back is 12, a timestamp's time of day is lost
     * to date), by column id. Measured before the statement runs; columns it cannot measure are absent.
     */
    Map<Long, Long> valuesAlteredByTypeChange(ScriptStatement s, Layout before) {
        Map<Long, Long> out = new HashMap<>();
        if (!(s.shape() instanceof Shape.AlterTable alter) || before == null) return out;
        for (AlterAction action : alter.actions()) {
            if (!(action instanceof AlterAction.ColumnType change)) continue;
            Long oid = probe(st -> regclass(st, alter.table().regclassText()));
            if (oid == null || !before.relations().containsKey(oid)) continue;
            Layout.Relation table = before.relations().get(oid);
            Layout.Column column = before.columns().values().stream()
                    .filter(c -> c.tableOid() == oid && c.name().equals(change.column())).findFirst().orElse(null);
            if (column == null) continue;
            String value = Identifiers.quote(column.name());
            String converted = "CAST(" + (change.using() != null ? "(" + change.using() + ")" : value) + " AS " + change.type() + ")";
            String sql = "SELECT count(*) FROM ONLY " + Identifiers.qualified(table.schema(), table.name()) + " WHERE CAST(" + converted
                    + " AS " + column.type() + ") IS DISTINCT FROM " + value;
            Long altered = probe(st -> {
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            if (altered != null) out.put(SchemaObject.columnId(oid, column.attnum()), altered);
        }
        return out;
    }

    private static Long regclass(Statement st, String name) throws SQLException {
        try (PreparedStatement ps = st.getConnection().prepareStatement("SELECT to_regclass(?)::oid::bigint")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oid = rs.getLong(1);
                return rs.wasNull() ? null : oid;
            }
        }
    }
}
