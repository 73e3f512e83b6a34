package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

class JunitXmlTest {
    private static final Instant START = Instant.parse("2025-03-01T02:00:00.000Z");
    private static final Instant END = Instant.parse("2025-03-01T02:01:02.500Z");

    private static VerificationReport report(String database, String backupId, List<CheckResult> checks) {
        return new VerificationReport(database, backupId, "full", START, END, checks.stream().allMatch(CheckResult::passed),
                checks, List.of(), Map.of(), Map.of(), null);
    }

    /** Parses strictly: any well-formedness error fails the test (the default handler would only print it). */
    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return b.parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        return out;
    }

    @Test
    void countsAndOneTestcasePerCheck() throws Exception {
        List<CheckResult> checks = List.of(
                CheckResult.pass("archive", "toc.dat", "readable", "13 entries"),
                CheckResult.fail("checksum", "dump/3352.dat.gz", "sha256 ab", "sha256 cd", "file changed since backup"),
                CheckResult.pass("restore", "public.t", "3 rows", "3 rows"),
                CheckResult.fail("restore", "pg_restore: environment", "restores without errors", "lacks role app",
                        "environment: the restore target lacks role app"));

        Document doc = parse(JunitXml.render(report("app", "20250301T020000Z-1a2b", checks)));

        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("4");
        assertThat(suites.getAttribute("failures")).isEqualTo("2");
        assertThat(Double.parseDouble(suites.getAttribute("time"))).isEqualTo(62.5);

        List<Element> suite = elements(doc, "testsuite");
        assertThat(suite).hasSize(1);
        assertThat(suite.get(0).getAttribute("name")).isEqualTo("bulwark verify app 20250301T020000Z-1a2b");
        assertThat(suite.get(0).getAttribute("tests")).isEqualTo("4");
        assertThat(suite.get(0).getAttribute("failures")).isEqualTo("2");
        assertThat(suite.get(0).getAttribute("errors")).isEqualTo("0");
        assertThat(suite.get(0).getAttribute("skipped")).isEqualTo("0");
        assertThat(Instant.parse(suite.get(0).getAttribute("timestamp"))).isEqualTo(START);

        List<Element> cases = elements(doc, "testcase");
        assertThat(cases).extracting(e -> e.getAttribute("name"))
                .containsExactly("toc.dat", "dump/3352.dat.gz", "public.t", "pg_restore: environment");
        assertThat(cases).extracting(e -> e.getAttribute("classname"))
                .containsExactly("bulwark.app.archive", "bulwark.app.checksum", "bulwark.app.restore", "bulwark.app.restore");
    }

    @Test
    void failureElementOnlyOnFailingChecks() throws Exception {
        List<CheckResult> checks = List.of(
                CheckResult.pass("archive", "ok one", "x", "x"),
                CheckResult.fail("restore", "bad one", "3 rows", "2 rows", "a row is missing"),
                CheckResult.pass("archive", "ok two", "y", "y"));

        Document doc = parse(JunitXml.render(report("app", "b1", checks)));

        List<Element> cases = elements(doc, "testcase");
        assertThat(cases.get(0).getElementsByTagName("failure").getLength()).isZero();
        assertThat(cases.get(0).getChildNodes().getLength()).isZero();
        assertThat(cases.get(2).getElementsByTagName("failure").getLength()).isZero();
        NodeList failure = cases.get(1).getElementsByTagName("failure");
        assertThat(failure.getLength()).isEqualTo(1);
        Element f = (Element) failure.item(0);
        assertThat(f.getAttribute("message")).isEqualTo("a row is missing");
        assertThat(f.getAttribute("type")).isEqualTo("restore");
        assertThat(f.getTextContent()).isEqualTo("expected: 3 rows\nfound: 2 rows\na row is missing");
        assertThat(elements(doc, "failure")).hasSize(1);
    }

    @Test
    void allPassing() throws Exception {
        Document doc = parse(JunitXml.render(report("app", "b1",
                List.of(CheckResult.pass("archive", "a", "x", "x"), CheckResult.pass("archive", "b", "x", "x")))));

        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("2");
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(elements(doc, "failure")).isEmpty();
    }

    @Test
    void noChecks() throws Exception {
        Document doc = parse(JunitXml.render(report("app", "b1", List.of())));
        assertThat(doc.getDocumentElement().getAttribute("tests")).isEqualTo("0");
        assertThat(elements(doc, "testcase")).isEmpty();
    }

    @Test
    void markupCharactersSurviveRoundTrip() throws Exception {
        String table = "public.\"<script>&amp;\"\"x\"\">'\"";
        String message = "expected <3> & got \"2\" in 'a' \u2603 \u00e9";
        List<CheckResult> checks = List.of(
                CheckResult.fail("restore\"<&>", table, "a < b", "a > b & c", message));

        Document doc = parse(JunitXml.render(report("db<&>\"", "id&<>\"", checks)));

        Element tc = elements(doc, "testcase").get(0);
        assertThat(tc.getAttribute("name")).isEqualTo(table);
        assertThat(tc.getAttribute("classname")).isEqualTo("bulwark.db<&>\".restore\"<&>");
        Element f = elements(doc, "failure").get(0);
        assertThat(f.getAttribute("message")).isEqualTo(message);
        assertThat(f.getAttribute("type")).isEqualTo("restore\"<&>");
        assertThat(f.getTextContent()).isEqualTo("expected: a < b\nfound: a > b & c\n" + message);
        assertThat(elements(doc, "testsuite").get(0).getAttribute("name")).isEqualTo("bulwark verify db<&>\" id&<>\"");
    }

    @Test
    void newlinesInAttributesArePreserved() throws Exception {
        String message = "environment: lacks role app — create it\npg_restore: error: ...\nCommand was: GRANT";
        Document doc = parse(JunitXml.render(report("app", "b1",
                List.of(CheckResult.fail("restore", "line1\nline2", "e", "f", message)))));

        // A literal newline in an attribute would be normalised to a space; &#10; keeps it.
        assertThat(elements(doc, "failure").get(0).getAttribute("message")).isEqualTo(message);
        assertThat(elements(doc, "testcase").get(0).getAttribute("name")).isEqualTo("line1\nline2");
    }

    @Test
    void controlCharactersDoNotBreakTheDocument() throws Exception {
        StringBuilder controls = new StringBuilder("ctl:");
        for (char c = 0; c < 0x20; c++) controls.append(c);
        controls.append('\u007f').append('\u0085').append(":end");
        String text = controls.toString();

        String xml = JunitXml.render(report("app\u0000", "b\u001b[31m",
                List.of(CheckResult.fail("restore\u0007", text, text, text, text))));
        Document doc = parse(xml);

        Element f = elements(doc, "failure").get(0);
        // (a literal tab in an attribute is normalised to a space by any XML parser; &#10; keeps the newline)
        assertThat(f.getAttribute("message")).startsWith("ctl:").endsWith(":end").contains("\n");
        assertThat(f.getTextContent()).contains("ctl:").contains(":end");
        assertThat(elements(doc, "testcase").get(0).getAttribute("name")).startsWith("ctl:").endsWith(":end");
    }

    @Test
    void unicodeNonCharactersDoNotBreakTheDocument() throws Exception {
        // U+FFFE and U+FFFF are valid Java chars (and valid UTF-8 from PostgreSQL) but not XML characters.
        String text = "value \uFFFE and \uFFFF";

        Document doc = parse(JunitXml.render(report("app", "b1",
                List.of(CheckResult.fail("restore", text, "e", "f", text)))));

        assertThat(elements(doc, "failure").get(0).getAttribute("message")).startsWith("value ");
    }

    @Test
    void nullMessageIsAnEmptyAttribute() throws Exception {
        Document doc = parse(JunitXml.render(report("app", "b1",
                List.of(new CheckResult("restore", "x", false, null, null, null)))));
        Element f = elements(doc, "failure").get(0);
        assertThat(f.getAttribute("message")).isEmpty();
        assertThat(f.getAttribute("type")).isEqualTo("restore");
    }

    @Test
    void writeCreatesParentDirectories(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/junit/verify.xml");
        VerificationReport r = report("app", "b1", List.of(CheckResult.pass("archive", "a \u2603", "x", "x")));

        JunitXml.write(r, file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(JunitXml.render(r));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(1);
        assertThat(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name")).isEqualTo("a \u2603");
    }
}
