package dev.bulwark.gate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorpusTest {
    static List<SqlCorpus.Entry> attacks() {
        return SqlCorpus.load("attacks.sql");
    }

    static List<SqlCorpus.Entry> benign() {
        return SqlCorpus.load("benign.sql");
    }

    @Test
    void corporaAreLargeEnough() {
        assertThat(attacks()).hasSizeGreaterThanOrEqualTo(60);
        assertThat(benign()).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void everyAttackIsAWrite(SqlCorpus.Entry entry) {
        Classification c = new Classifier().classify(entry.sql(), new SessionState(entry.standardConformingStrings()));
        assertThat(c).as(entry.toString()).isInstanceOf(Classification.Write.class);
        assertThat(c.reason()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("benign")
    void everyBenignStatementIsARead(SqlCorpus.Entry entry) {
        Classification c = new Classifier().classify(entry.sql(), new SessionState(entry.standardConformingStrings()));
        assertThat(c).as(entry + " -> " + c.reason()).isInstanceOf(Classification.Read.class);
    }
}
