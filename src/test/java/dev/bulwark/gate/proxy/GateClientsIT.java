package dev.bulwark.gate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import dev.bulwark.gate.approval.ScramVerifier;
import dev.bulwark.gate.audit.AuditDecision;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.testing.Production;

/**
 * Real clients through the gate with the real classifier: pgjdbc prepared statements and
 * batches, DatabaseMetaData, a large streamed result, COPY TO STDOUT, cancel, and pgbench -S.
 * The gate's upstream URL is the sandbox superuser, so a held write that still ran would show.
 */
class GateClientsIT {
    static final String AGENT = "claude";
    static final String PASSWORD = "agent-pw";

    static Production production;
    static GateServer gate;
    static final List<String> held = new CopyOnWriteArrayList<>();
    static final List<String> allowed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        production = Production.start("app",
                "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2))",
                "INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 1000) g",
                "CREATE FUNCTION item_name(i int) RETURNS text LANGUAGE sql STABLE AS 'SELECT name FROM items WHERE id = i'");
        PgUrl superuser = production.sandbox().url("app");
        ScramVerifier verifier = ScramVerifier.create(PASSWORD);
        AgentAuthenticator auth = (agent, db) -> agent.equals(AGENT) && db.equals("app") ? Optional.of(verifier) : Optional.empty();
        HoldDesk desk = new HoldDesk() {
            @Override
            public String hold(SessionInfo session, String sql, String reason) {
                held.add(sql);
                return "cr-clients" + held.size();
            }

            @Override
            public void audit(SessionInfo session, String sql, AuditDecision decision, String requestId) {
                if (decision == AuditDecision.ALLOWED) allowed.add(sql);
            }
        };
        gate = GateServer.start(new InetSocketAddress("127.0.0.1", 0), new GateServer.Settings(Map.of("app", superuser), auth,
                ClassifierPolicy::new, desk, Upstream.Limits.DEFAULT, new byte[16]));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gate != null) gate.close();
        if (production != null) production.close();
    }

    static Connection agent(String... extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", AGENT);
        p.setProperty("password", PASSWORD);
        p.setProperty("socketTimeout", "120");
        for (int i = 0; i + 1 < extra.length; i += 2) p.setProperty(extra[i], extra[i + 1]);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gate.port() + "/app", p);
    }

    static String itemsChecksum() throws SQLException {
        try (Connection c = production.sandbox().connect("app"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) || ':' || md5(string_agg(items::text, ',' ORDER BY id)) FROM items")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void preparedStatementsRunAsServerSidePreparedReads() throws Exception {
        // prepareThreshold=1: named server-side statements from the first execution on.
        try (Connection c = agent("prepareThreshold", "1");
             PreparedStatement ps = c.prepareStatement("SELECT name, price FROM items WHERE id = ?")) {
            for (int i = 1; i <= 20; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("item " + i);
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(String.valueOf(i * 1.5));
                }
            }
            // A user-defined function is not provably a read: the prepared call is held, the connection goes on.
            try (PreparedStatement fn = c.prepareStatement("SELECT item_name(?)")) {
                fn.setInt(1, 7);
                assertThatThrownBy(fn::executeQuery).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            ps.setInt(1, 21);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("item 21");
            }
        }
    }

    @Test
    void aBatchOfInsertsIsHeldAsAWholeAndNothingIsWritten() throws Exception {
        String before = itemsChecksum();
        int heldBefore = held.size();
        try (Connection c = agent()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
                for (int i = 0; i < 5; i++) {
                    ps.setInt(1, 5_000 + i);
                    ps.setString(2, "agent " + i);
                    ps.addBatch();
                }
                assertThatThrownBy(ps::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class, e -> {
                    SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                    assertThat(cause.getSQLState()).isEqualTo("42501");
                    assertThat(cause.getMessage()).contains("bulwark: held for approval as request cr-clients");
                });
            }
            // The same in an explicit transaction, then the connection is still usable.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE items SET price = 0 WHERE id = ?")) {
                ps.setInt(1, 1);
                ps.addBatch();
                ps.setInt(1, 2);
                ps.addBatch();
                assertThatThrownBy(ps::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class, e -> {
                    SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                    assertThat(cause.getSQLState()).isEqualTo("42501");
                });
            }
            c.rollback();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1000);
            }
            // reWriteBatchedInserts turns the batch into one multi-row INSERT: held all the same.
        }
        try (Connection c = agent("reWriteBatchedInserts", "true");
             PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
            for (int i = 0; i < 4; i++) {
                ps.setInt(1, 6_000 + i);
                ps.setString(2, "rewritten " + i);
                ps.addBatch();
            }
            assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class).hasMessageContaining("held for approval");
        }
        assertThat(itemsChecksum()).isEqualTo(before);
        assertThat(held.subList(heldBefore, held.size())).anyMatch(s -> s.startsWith("INSERT INTO items"))
                .anyMatch(s -> s.startsWith("UPDATE items"));
    }

    @Test
    void databaseMetaDataWorks() throws Exception {
        try (Connection c = agent()) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(names(md.getTables(null, "public", "%", new String[] {"TABLE"}), "TABLE_NAME")).contains("items");
            assertThat(names(md.getColumns(null, "public", "items", null), "COLUMN_NAME")).containsExactly("id", "name", "price");
            assertThat(names(md.getPrimaryKeys(null, "public", "items"), "COLUMN_NAME")).containsExactly("id");
            assertThat(names(md.getFunctions(null, "public", "item%"), "FUNCTION_NAME")).contains("item_name");
            assertThat(names(md.getIndexInfo(null, "public", "items", false, false), "INDEX_NAME")).contains("items_pkey");
            assertThat(names(md.getSchemas(), "TABLE_SCHEM")).contains("public", "pg_catalog");
            assertThat(names(md.getTypeInfo(), "TYPE_NAME")).contains("int4", "text");
            assertThat(names(md.getImportedKeys(null, "public", "items"), "FKCOLUMN_NAME")).isEmpty();
        }
    }

    private static List<String> names(ResultSet rs, String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) out.add(rs.getString(column));
        }
        return out;
    }

    @Test
    void aLargeResultStreamsWithAFetchSizeInATransaction() throws Exception {
        try (Connection c = agent()) {
            c.setAutoCommit(false);
            long rows = 0;
            long sum = 0;
            int width = 0;
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1_000);
                try (ResultSet rs = st.executeQuery("SELECT g, md5(g::text) FROM generate_series(1, 200000) g")) {
                    while (rs.next()) {
                        rows++;
                        sum += rs.getLong(1);
                        width += rs.getString(2).length() == 32 ? 0 : 1;
                    }
                }
            }
            c.commit();
            assertThat(rows).isEqualTo(200_000);
            assertThat(sum).isEqualTo(200_000L * 200_001L / 2);
            assertThat(width).isZero();
            // And in one piece, without a fetch size (about 10 MB through the gate).
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT g, repeat('x', 40) FROM generate_series(1, 200000) g")) {
                long n = 0;
                while (rs.next()) n++;
                assertThat(n).isEqualTo(200_000);
            }
            c.commit();
        }
    }

    @Test
    void copyToStdoutWorksAndCopyFromStdinIsHeld() throws Exception {
        String before = itemsChecksum();
        try (Connection c = agent()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringWriter out = new StringWriter();
            long n = copy.copyOut("COPY (SELECT id, name FROM items WHERE id <= 3 ORDER BY id) TO STDOUT (FORMAT csv)", out);
            assertThat(n).isEqualTo(3);
            assertThat(out.toString()).isEqualTo("1,item 1\n2,item 2\n3,item 3\n");
            StringWriter big = new StringWriter();
            assertThat(copy.copyOut("COPY (SELECT g FROM generate_series(1, 100000) g) TO STDOUT", big)).isEqualTo(100_000);
            assertThat(big.toString().lines().count()).isEqualTo(100_000);

            assertThatThrownBy(() -> copy.copyIn("COPY items (id, name) FROM STDIN (FORMAT csv)", new StringReader("9001,evil\n")))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("held for approval");
                    });
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        assertThat(itemsChecksum()).isEqualTo(before);
    }

    @Test
    void cancelStopsALongRead() throws Exception {
        try (Connection c = agent(); Statement st = c.createStatement()) {
            Thread canceller = Thread.ofVirtual().start(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                    st.cancel();
                } catch (Exception ignored) {
                    // the assertion below reports a missed cancel
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> st.execute("SELECT pg_sleep(30)")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            canceller.join();
            try (ResultSet rs = st.executeQuery("SELECT 2")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void pgbenchSelectOnlyRunsThroughTheGate() throws Exception {
        Path bin = production.sandbox().server().dir();
        String pgbench = Files.isExecutable(bin.resolve("pgbench")) ? bin.resolve("pgbench").toString() : "pgbench";
        Run init = run(Map.of("PGPASSWORD", production.password()), pgbench, "-i", "-q", "-s", "1", "-h", "127.0.0.1",
                "-p", String.valueOf(production.sandbox().port()), "-U", "postgres", "app");
        assertThat(init.exit).as(init.out).isZero();
        long accounts = production.queryLong("SELECT sum(abalance) FROM pgbench_accounts");

        Run bench = run(Map.of("PGPASSWORD", PASSWORD), pgbench, "-S", "-n", "-c", "4", "-j", "2", "-T", "5", "-h", "127.0.0.1",
                "-p", String.valueOf(gate.port()), "-U", AGENT, "app");
        System.out.println("pgbench -S through the gate:\n" + bench.out);
        assertThat(bench.exit).as(bench.out).isZero();
        Matcher m = Pattern.compile("number of transactions actually processed: (\\d+)").matcher(bench.out);
        assertThat(m.find()).as(bench.out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();
        assertThat(bench.out).contains("number of failed transactions: 0");

        // A write benchmark (the default TPC-B-like script) through the gate: every transaction's UPDATE is held.
        Run writes = run(Map.of("PGPASSWORD", PASSWORD), pgbench, "-n", "-c", "1", "-t", "1", "-h", "127.0.0.1",
                "-p", String.valueOf(gate.port()), "-U", AGENT, "app");
        assertThat(writes.exit).as(writes.out).isNotZero();
        assertThat(writes.out).contains("held for approval");
        assertThat(production.queryLong("SELECT sum(abalance) FROM pgbench_accounts")).isEqualTo(accounts);
        assertThat(production.queryLong("SELECT count(*) FROM pgbench_history")).isZero();
    }

    record Run(int exit, String out) {}

    static Run run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }
}
