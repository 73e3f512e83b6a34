package dev.bulwark.rehearse.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bulwark.BulwarkException;

class ScriptSplitterTest {
    private static List<ScriptStatement> split(String sql) {
        return ScriptSplitter.split("m.sql", sql, 1);
    }

    @Test
    void statementsCarryTheLineTheyStartOnAndTheirNumber() {
        List<ScriptStatement> s = split("-- header; with a semicolon\n\nCREATE TABLE a (id int);\n\n  INSERT INTO a\n  VALUES (1);\n");
        assertThat(s).extracting(ScriptStatement::line).containsExactly(3, 5);
        assertThat(s).extracting(ScriptStatement::number).containsExactly(1, 2);
        assertThat(s.get(1).sql()).isEqualTo("INSERT INTO a\n  VALUES (1)");
        assertThat(s.get(1).lineOf(18)).isEqualTo(6);
        assertThat(s.get(1).where()).isEqualTo("m.sql:5");
    }

    @Test
    void numbersContinueFromTheFirstNumberGiven() {
        assertThat(ScriptSplitter.split("V2.sql", "SELECT 1; SELECT 2;", 7)).extracting(ScriptStatement::number).containsExactly(7, 8);
    }

    @Test
    void dollarQuotesStringsAndCommentsKeepTheirSemicolons() {
        List<ScriptStatement> s = split("""
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$
                BEGIN
                  PERFORM 1; -- ;
                  RETURN 2;
                END $body$;
                SELECT E'it\\'s; fine', 'a;b' /* ; */;
                """);
        assertThat(s).hasSize(2);
        assertThat(s.get(1).line()).isEqualTo(6);
    }

    @Test
    void aSemicolonInsideParenthesesDoesNotEndTheStatementAsInPsql() {
        List<ScriptStatement> s = split("CREATE RULE r AS ON INSERT TO a DO ALSO (INSERT INTO b VALUES (1); INSERT INTO c VALUES (2));\nSELECT 1;");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).sql()).endsWith("INSERT INTO c VALUES (2))");
        assertThat(s.get(0).words().is(0, "create", "rule")).isTrue();
        assertThat(s.get(1).line()).isEqualTo(2);
    }

    @Test
    void harmlessPsqlCommandsAreSkippedAndOthersRefusedWithTheirLine() {
        List<ScriptStatement> s = split("\\set ON_ERROR_STOP on\n\\echo starting\nCREATE TABLE a (id int);\n");
        assertThat(s).singleElement().satisfies(x -> assertThat(x.line()).isEqualTo(3));
        assertThatThrownBy(() -> split("SELECT 1;\n  \\i other.sql\n")).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("m.sql:2: psql command \\i cannot be rehearsed");
        assertThat(split("SELECT '\\i not a command';")).hasSize(1);
    }

    @Test
    void copyFromStdinIsRefusedBecauseOnlyPsqlCanFeedIt() {
        assertThatThrownBy(() -> split("COPY a (id) FROM stdin;\n1\n2\n\\.\n")).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("m.sql:4: COPY ... FROM STDIN");
        assertThatThrownBy(() -> split("SELECT 1;\ncopy a from STDIN;")).isInstanceOf(BulwarkException.class)
                .hasMessageContaining("m.sql:2: COPY ... FROM STDIN");
    }
}
