package dev.bulwark.gate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.testing.ControlDatabaseServer;
import dev.bulwark.testing.StoreFixture;

/** The audit log in a PostgreSQL control database: the shared behaviour, plus what only a server has. */
class AuditLogPostgresIT extends AuditLogContract {
    @Override
    StoreFixture backend() throws Exception {
        return ControlDatabaseServer.shared();
    }

    @Test
    void truncateIsRefusedToo() throws Exception {
        fill(2);
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        for (String table : List.of("audit", "audit_head")) {
            assertThatThrownBy(() -> server.execute("TRUNCATE " + table)).hasMessageContaining("the audit");
        }
        assertThat(log.verify().ok()).isTrue();
    }

    @Test
    void anEditWithOneTriggerDisabledBySuperuserIsDetected() throws Exception {
        fill(4);
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        server.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_update",
                "UPDATE audit SET agent = 'someone-else' WHERE seq = 2",
                "ALTER TABLE audit ENABLE TRIGGER audit_no_update");
        assertBad(log.verify(), 2, "was edited");
    }

    @Test
    void sequenceNumbersAreSixtyFourBit() throws Exception {
        fill(1);
        ControlDatabaseServer server = ControlDatabaseServer.shared();
        try (Connection c = server.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_schema = 'bulwark'"
                     + " AND column_name = 'seq' ORDER BY table_name")) {
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1));
            }
            assertThat(types).containsExactly("bigint", "bigint");
        }
    }
}
