package dev.bulwark.gate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlLexerTest {
    private static List<Token> lex(String sql) {
        return SqlLexer.tokenize(sql, true);
    }

    private static List<String> texts(String sql, boolean scs) {
        return SqlLexer.tokenize(sql, scs).stream().map(Token::text).toList();
    }

    @Test
    void skipsWhitespaceAndCommentsIncludingNestedOnes() {
        assertThat(texts("SELECT /* a /* b */ c */ 1 -- x\n, 2", true)).containsExactly("SELECT", "1", ",", "2");
    }

    @Test
    void foldsOnlyAsciiInIdentifiers() {
        Token t = lex("SeLeCt").get(0);
        assertThat(t.value()).isEqualTo("select");
        assertThat(lex("\u212Aill").get(0).value()).isEqualTo("\u212Aill");
        assertThat(lex("héllo").get(0).type()).isEqualTo(TokenType.IDENTIFIER);
    }

    @Test
    void dollarContinuesAnIdentifierSoNoDollarQuoteStarts() {
        assertThat(texts("a$$; b", true)).containsExactly("a$$", ";", "b");
    }

    @Test
    void dollarQuotesWithAndWithoutTagsAndParameters() {
        assertThat(texts("$$a;b$$ $t$ $$ $t$ $1 $_x$y$_x$", true)).containsExactly("$$a;b$$", "$t$ $$ $t$", "$1", "$_x$y$_x$");
        assertThat(lex("$1abc").get(0).type()).isEqualTo(TokenType.ERROR);
    }

    @Test
    void quotedIdentifiersDoubleTheirQuotes() {
        Token t = lex("\"a\"\"b\"").get(0);
        assertThat(t.type()).isEqualTo(TokenType.QUOTED_IDENTIFIER);
        assertThat(t.value()).isEqualTo("a\"b");
        assertThat(lex("\"\"").get(0).type()).isEqualTo(TokenType.ERROR);
    }

    @Test
    void standardConformingStringsDecidesWhatABackslashDoes() {
        assertThat(texts("'a\\'; b", true)).containsExactly("'a\\'", ";", "b");
        assertThat(SqlLexer.tokenize("'a\\'; b", false).get(0).type()).isEqualTo(TokenType.ERROR);
        assertThat(texts("E'a\\''", true)).containsExactly("E'a\\''");
        assertThat(lex("E'a\\nb'").get(0).value()).isEqualTo("a\nb");
    }

    @Test
    void stringsContinueAcrossNewlinesInTheModeOfTheirFirstPart() {
        assertThat(texts("'a'\n'b'", true)).containsExactly("'a'\n'b'");
        assertThat(lex("'a' -- c\n  'b'").get(0).value()).isEqualTo("ab");
        assertThat(texts("'a' 'b'", true)).containsExactly("'a'", "'b'");
        assertThat(texts("'a' /* c */\n'b'", true)).containsExactly("'a'", "'b'");
        // the continued part is still an E-string
        assertThat(texts("E'a'\n'\\''", true)).containsExactly("E'a'\n'\\''");
    }

    @Test
    void bitStringsDoNotDoubleQuotes() {
        assertThat(texts("B'01''10'", true)).containsExactly("B'01'", "'10'");
        assertThat(lex("X'1F'").get(0).type()).isEqualTo(TokenType.BIT_STRING);
    }

    @Test
    void prefixesOnlyCountAtTheStartOfAToken() {
        assertThat(texts("abE'x'", true)).containsExactly("abE", "'x'");
        assertThat(texts("N'x'", true)).containsExactly("N'x'");
    }

    @Test
    void unicodeEscapesWithUescapeAreMergedIntoOneToken() {
        Token id = lex("U&\"d!0061t\" UESCAPE '!'").get(0);
        assertThat(id.type()).isEqualTo(TokenType.QUOTED_IDENTIFIER);
        assertThat(id.value()).isEqualTo("dat");
        assertThat(lex("U&'\\0041\\+000042'").get(0).value()).isEqualTo("AB");
        assertThat(SqlLexer.tokenize("U&'x'", false).get(0).type()).isEqualTo(TokenType.ERROR);
        assertThat(lex("U&'x' UESCAPE 'ab'").get(0).type()).isEqualTo(TokenType.ERROR);
        assertThat(lex("U&'\\00zz'").get(0).type()).isEqualTo(TokenType.ERROR);
    }

    @Test
    void operatorsStopBeforeCommentsAndDropTrailingSigns() {
        assertThat(texts("1 +-- c\n2", true)).containsExactly("1", "+", "2");
        assertThat(texts("a */* c */ b", true)).containsExactly("a", "*", "b");
        assertThat(texts("a*-1", true)).containsExactly("a", "*", "-", "1");
        assertThat(texts("a @- 1", true)).containsExactly("a", "@-", "1");
    }

    @Test
    void numbersAndPunctuation() {
        assertThat(texts("1.5e3 .5 1..2 x::int a:=b", true))
                .containsExactly("1.5e3", ".5", "1", "..", "2", "x", "::", "int", "a", ":=", "b");
        assertThat(lex("123abc").get(0).type()).isEqualTo(TokenType.ERROR);
        assertThat(texts("0x1F 1_000", true)).containsExactly("0x1F", "1_000");
    }

    @Test
    void unterminatedThingsAreErrors() {
        for (String sql : List.of("'abc", "\"abc", "$$abc", "$q$abc$$", "/* abc", "/* /* */", "E'\\")) {
            List<Token> tokens = lex(sql);
            assertThat(tokens.get(tokens.size() - 1).type()).as(sql).isEqualTo(TokenType.ERROR);
        }
    }

    @Test
    void positionsPointIntoTheInput() {
        Token t = lex("  SELECT 'x'").get(1);
        assertThat(t.start()).isEqualTo(9);
        assertThat(t.end()).isEqualTo(12);
    }
}
