package dev.bulwark.gate.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.gate.wire.Frame;
import dev.bulwark.gate.wire.MessageBuffer;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/** The gate's upstream login against a real server: SCRAM, the gate's own settings, refusals. */
class UpstreamIT {
    static Production production;

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app",
                "CREATE ROLE ai_ro LOGIN PASSWORD 'ro-secret'",
                "CREATE TABLE t AS SELECT g FROM generate_series(1, 3) g",
                "GRANT SELECT ON t TO ai_ro");
    }

    @AfterAll
    static void stop() {
        if (production != null) production.close();
    }

    private static PgUrl readonly(String password) {
        return new PgUrl("127.0.0.1", production.sandbox().port(), "app", "ai_ro", password, Map.of());
    }

    /** Sends one simple query and returns the first column of each data row, or the error text. */
    private static List<String> query(Upstream up, String sql) throws IOException {
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        up.write(new Frame((byte) 'Q', text));
        up.flush();
        List<String> out = new ArrayList<>();
        for (Frame f = up.read(); f != null; f = up.read()) {
            switch (f.typeChar()) {
                case 'D' -> {
                    MessageBuffer b = new MessageBuffer(f.body());
                    b.int16();
                    out.add(new String(b.bytes(b.int32()), StandardCharsets.UTF_8));
                }
                case 'E' -> out.add("ERROR " + Upstream.errorText(f));
                case 'Z' -> {
                    return out;
                }
                default -> { }
            }
        }
        throw new IOException("connection closed");
    }

    @Test
    void logsInWithScramAndImposesReadOnlyAndTimeouts() throws Exception {
        try (Upstream up = Upstream.connect(readonly("ro-secret"), Map.of("application_name", "agent-x"), Upstream.Limits.DEFAULT)) {
            assertThat(up.parameters()).containsEntry("application_name", "agent-x");
            assertThat(up.processId()).isPositive();
            assertThat(query(up, "SHOW default_transaction_read_only")).containsExactly("on");
            assertThat(query(up, "SHOW statement_timeout")).containsExactly("1min");
            assertThat(query(up, "SHOW lock_timeout")).containsExactly("5s");
            assertThat(query(up, "SELECT g FROM t ORDER BY g")).containsExactly("1", "2", "3");
            assertThat(query(up, "CREATE TABLE x ()")).singleElement().asString().contains("25006");
        }
    }

    @Test
    void wrongPasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Upstream.connect(readonly("wrong-pw"), Map.of(), Upstream.Limits.DEFAULT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused")
                .hasMessageNotContaining("wrong-pw");
    }
}
