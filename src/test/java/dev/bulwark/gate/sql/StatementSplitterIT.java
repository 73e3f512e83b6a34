package dev.bulwark.gate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bulwark.postgres.OsUser;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.Sandbox;
import dev.bulwark.postgres.SandboxDirs;

/**
 * Differential test: the splitter must cut a query string exactly where a real PostgreSQL server does.
 * Each input (harmless SELECTs only) is sent as ONE simple-protocol query and the first value of each
 * result set is collected; then each statement from our splitter is run on its own. Both sequences
 * must match, with standard_conforming_strings on and off.
 */
class StatementSplitterIT {
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        var env = System.getenv();
        sandbox = Sandbox.start(PgBinaries.fromEnvironment(env).requireServer(15, "for the splitter differential test"),
                OsUser.forServer(env), SandboxDirs.fromEnvironment(env));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) sandbox.close();
    }

    private static Connection simpleProtocol(boolean scs) throws SQLException {
        PgUrl url = sandbox.url("postgres");
        Properties props = url.jdbcProperties();
        props.setProperty("preferQueryMode", "simple");
        Connection c = java.sql.DriverManager.getConnection(url.jdbcUrl(), props);
        try (Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = " + (scs ? "on" : "off"));
            st.execute("SET escape_string_warning = off");
        }
        return c;
    }

    /** First column of every result set the server returns for {@code sql} sent as one query. */
    private static List<String> serverValues(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            boolean isResult = st.execute(sql);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        values.add(rs.next() ? rs.getString(1) : "<no row>");
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
        return values;
    }

    private static List<String> splitValues(Connection c, String sql, boolean scs) throws SQLException {
        List<String> values = new ArrayList<>();
        for (SqlStatement s : StatementSplitter.split(sql, scs)) {
            assertThat(s.hasError()).as("splitter found a scan error in %s", sql).isFalse();
            values.addAll(serverValues(c, s.text()));
        }
        return values;
    }

    private static void assertAgree(boolean scs, List<String> inputs) throws SQLException {
        try (Connection c = simpleProtocol(scs)) {
            for (String sql : inputs) {
                List<String> expected = serverValues(c, sql);
                assertThat(splitValues(c, sql, scs)).as("scs=%s input: %s", scs, sql).isEqualTo(expected);
                assertThat(expected).as("server returned nothing for %s", sql).isNotEmpty();
            }
        }
    }

    static final List<String> HAND_WRITTEN = List.of(
            "SELECT 'a;b' AS x; SELECT $t$;$t$; /* ; */ SELECT 3",
            "SELECT 1 /* nested /* ; */ ; */; SELECT 2",
            "SELECT 1 AS a$$; SELECT 2 AS b$$",
            "SELECT \"a;\"\"b\" FROM (SELECT 1 AS \"a;\"\"b\") s; SELECT 5",
            "SELECT 'a'\n  'b;c'; SELECT 'd' -- x\n 'e;'",
            "SELECT E'\\';\\'' ; SELECT 2",
            "SELECT $a$ $b$ ; $b$ $a$; SELECT $$$$",
            "SELECT U&'\\0041;' ; SELECT U&'!0042;' UESCAPE '!'",
            "SELECT U&\"a;\" FROM (SELECT 1 AS \"a;\") s; SELECT 7",
            "SELECT 1 --;\n; SELECT 2;;;",
            "SELECT B'01' ; SELECT X'1F'::int",
            "SELECT 1 +-- c\n2; SELECT 3 */* c */ 4",
            "SELECT 1.5e3;SELECT .5;SELECT 1::text",
            "SELECT N'x;y'; SELECT 'a'' ; ''b'",
            "SELECT 'x' -- c\n-- d\n'y'; SELECT 1");

    @Test
    void splitterAgreesWithTheServerOnHandWrittenInputs() throws SQLException {
        assertAgree(true, HAND_WRITTEN);
    }

    @Test
    void splitterAgreesWithTheServerWhenStandardConformingStringsIsOff() throws SQLException {
        assertAgree(false, List.of(
                "SELECT 'a\\';b'; SELECT 2",
                "SELECT 'a\\\\'; SELECT 'b'",
                "SELECT 'it''s;\\n'; SELECT E'\\';'",
                "SELECT 'x'\n'\\';'; SELECT 3"));
        assertAgree(false, generated(7, 100, false));
    }

    @Test
    void splitterAgreesWithTheServerOnGeneratedInputs() throws SQLException {
        assertAgree(true, generated(42, 300, true));
    }

    /** Deterministic multi-statement inputs built from tricky pieces that each yield one value. */
    static List<String> generated(long seed, int count, boolean scs) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder sql = new StringBuilder();
            int statements = 1 + r.nextInt(4);
            for (int s = 0; s < statements; s++) {
                sql.append(separator(r)).append("SELECT ").append(value(r, scs)).append(separator(r));
                sql.append(r.nextInt(5) == 0 ? ";;" : ";");
            }
            if (r.nextBoolean()) sql.setLength(sql.length() - 1);
            out.add(sql.toString());
        }
        return out;
    }

    private static String separator(Random r) {
        String[] seps = {" ", "\n", "", " /* ; */ ", "/* /* ; */ ' */", " -- ; '\n", "\t", "/**/"};
        return seps[r.nextInt(seps.length)];
    }

    private static String value(Random r, boolean scs) {
        String[] scsOn = {"'a;b'", "'it''s;'", "E'\\';'", "$$;$$", "$q$ $$; $q$", "1", "\"x;\" FROM (SELECT 2 AS \"x;\") s",
                "'a'\n'; b'", "U&'\\0041;'", "B'1;'::text".replace(";", ""), "$_1$;'$_1$", "1 AS a$$", "E'\\\\'", "'\\'",
                "(1)", "'--;'", "'/*;'", "2 /* ' */", "3 -- '\n", "N'n;'", "x'0F'::int", "'a' -- c\n';'", "$a$\n;\n$a$"};
        String[] scsOff = {"'a\\';b'", "'b\\\\'", "'c'';'", "E'\\';'", "$$'$$", "4", "'x'\n'\\;'", "'/*'", "'--;'"};
        String[] pool = scs ? scsOn : scsOff;
        return pool[r.nextInt(pool.length)];
    }
}
