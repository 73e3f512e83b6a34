package dev.bulwark.gate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private static List<String> split(String sql) {
        return StatementSplitter.split(sql, true).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splitsOnTopLevelSemicolonsAndDropsEmptyStatements() {
        assertThat(split(" SELECT 1 ;; SELECT 2; ")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(split(";;")).isEmpty();
    }

    @Test
    void semicolonsInsideStringsCommentsQuotesAndDollarQuotesDoNotSplit() {
        assertThat(split("SELECT 'a;b'; SELECT \"c;d\"; SELECT $x$;$x$ /* ; */; -- ;\nSELECT E'\\';'"))
                .containsExactly("SELECT 'a;b'", "SELECT \"c;d\"", "SELECT $x$;$x$", "SELECT E'\\';'");
    }

    @Test
    void semicolonInsideParenthesesStillSplitsAsTheServerGrammarDoes() {
        assertThat(split("SELECT (1; SELECT 2)")).containsExactly("SELECT (1", "SELECT 2)");
    }

    @Test
    void beginAtomicBodiesKeepTheirSemicolons() {
        String create = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END";
        assertThat(split(create + "; SELECT 3")).containsExactly(create, "SELECT 3");
        assertThat(split("CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC SELECT 1; END; SELECT 2")).hasSize(2);
        assertThat(split("SELECT 1 AS begin; SELECT 2")).hasSize(2);
    }

    @Test
    void anUnscannableTailBecomesOneStatementToTheEnd() {
        List<SqlStatement> statements = StatementSplitter.split("SELECT 1; SELECT 'x; DROP TABLE t", true);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).hasError()).isTrue();
        assertThat(statements.get(1).text()).isEqualTo("SELECT 'x; DROP TABLE t");
    }

    @Test
    void positionsAreOffsetsIntoTheInput() {
        String sql = "/* c */ SELECT 1; SELECT 2 -- t";
        SqlStatement second = StatementSplitter.split(sql, true).get(1);
        assertThat(sql.substring(second.start(), second.end())).isEqualTo("SELECT 2");
    }
}
