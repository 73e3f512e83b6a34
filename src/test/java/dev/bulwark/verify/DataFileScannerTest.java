package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.verify.DataFileScanner.Scan;

/** Data files written the way pg_dump's directory format writes them: COPY text, "\.", two blank lines. */
class DataFileScannerTest {
    private static final String END = "\\.\n\n\n";

    @TempDir
    Path dir;

    private static final List<String> ROWS = List.of(
            "1\tAda Lovelace\t1815-12-10\t\\N",
            "2\tGrace Hopper\t1906-12-09\tnavy",
            "3\tEdsger \\\\ Dijkstra\t1930-05-11\tline\\nbreak",
            "4\tBarbara Liskov\t1939-11-07\t\u00e9t\u00e9 \u2603");

    private static byte[] copyText(List<String> rows, String end) {
        StringBuilder sb = new StringBuilder();
        for (String row : rows) sb.append(row).append('\n');
        sb.append(end);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static String fingerprint(List<String> rows) {
        RowFingerprint fp = new RowFingerprint();
        for (String row : rows) {
            byte[] b = row.getBytes(StandardCharsets.UTF_8);
            fp.add(b, 0, b.length);
        }
        return fp.value();
    }

    /** Rows that do not compress well, so that the gzip file is long enough to cut and flip. */
    private static List<String> manyRows(int n) {
        Random random = new Random(n);
        List<String> rows = new ArrayList<>();
        byte[] b = new byte[24];
        for (int i = 0; i < n; i++) {
            random.nextBytes(b);
            rows.add(i + "\t" + HexFormat.of().formatHex(b));
        }
        return rows;
    }

    // --- good files ---

    @Test
    void validGzipFile() throws IOException {
        Scan scan = DataFileScanner.scan(write("3352.dat.gz", gzip(copyText(ROWS, END))));

        assertThat(scan.ok()).as(scan.problem()).isTrue();
        assertThat(scan.problem()).isNull();
        assertThat(scan.rows()).isEqualTo(4);
        assertThat(scan.fingerprint()).isEqualTo(fingerprint(ROWS));
    }

    @Test
    void fingerprintDoesNotDependOnRowOrderInTheFile() throws IOException {
        List<String> reversed = new ArrayList<>(ROWS);
        java.util.Collections.reverse(reversed);

        Scan a = DataFileScanner.scan(write("1.dat.gz", gzip(copyText(ROWS, END))));
        Scan b = DataFileScanner.scan(write("2.dat.gz", gzip(copyText(reversed, END))));

        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    }

    @Test
    void largeFileSpanningManyBuffers() throws IOException {
        List<String> rows = manyRows(20_000);

        Scan scan = DataFileScanner.scan(write("big.dat.gz", gzip(copyText(rows, END))));

        assertThat(scan.ok()).as(scan.problem()).isTrue();
        assertThat(scan.rows()).isEqualTo(20_000);
        assertThat(scan.fingerprint()).isEqualTo(fingerprint(rows));
    }

    @Test
    void emptyTable() throws IOException {
        Scan scan = DataFileScanner.scan(write("5.dat.gz", gzip(END.getBytes(StandardCharsets.US_ASCII))));

        assertThat(scan.ok()).isTrue();
        assertThat(scan.rows()).isZero();
        assertThat(scan.fingerprint()).isEqualTo(new RowFingerprint().value());
    }

    @Test
    void tableWithoutColumnsHasEmptyLinesAsRows() throws IOException {
        // SELECT FROM generate_series(1, 5) into a zero-column table: COPY writes five empty lines.
        Scan scan = DataFileScanner.scan(write("6.dat.gz", gzip(("\n\n\n\n\n" + END).getBytes(StandardCharsets.US_ASCII))));

        assertThat(scan.ok()).as(scan.problem()).isTrue();
        assertThat(scan.rows()).isEqualTo(5);
        assertThat(scan.fingerprint()).isEqualTo(fingerprint(List.of("", "", "", "", "")));
    }

    @Test
    void oneColumnTableWithEmptyStrings() throws IOException {
        List<String> rows = List.of("", "a", "", "\\N");
        Scan scan = DataFileScanner.scan(write("7.dat.gz", gzip(copyText(rows, END))));

        assertThat(scan.rows()).isEqualTo(4);
        assertThat(scan.fingerprint()).isEqualTo(fingerprint(rows));
    }

    @Test
    void escapedTerminatorInDataIsARow() throws IOException {
        // A text value "\." is written by COPY as "\\." and is a row, not the end marker.
        List<String> rows = List.of("\\\\.", "x");
        Scan scan = DataFileScanner.scan(write("8.dat.gz", gzip(copyText(rows, END))));

        assertThat(scan.ok()).isTrue();
        assertThat(scan.rows()).isEqualTo(2);
    }

    @Test
    void uncompressedFile() throws IOException {
        Scan scan = DataFileScanner.scan(write("3352.dat", copyText(ROWS, END)));

        assertThat(scan.ok()).as(scan.problem()).isTrue();
        assertThat(scan.rows()).isEqualTo(4);
        assertThat(scan.fingerprint()).isEqualTo(fingerprint(ROWS));
    }

    @Test
    void terminatorWithoutTrailingBlankLines() throws IOException {
        Scan scan = DataFileScanner.scan(write("9.dat", copyText(ROWS, "\\.\n")));
        assertThat(scan.ok()).isTrue();
        assertThat(scan.rows()).isEqualTo(4);
    }

    // --- damaged files ---

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 8, 9, 20})
    void gzipCutAtTheEnd(int cut) throws IOException {
        byte[] gz = gzip(copyText(ROWS, END));

        Scan scan = DataFileScanner.scan(write("1.dat.gz", Arrays.copyOf(gz, gz.length - cut)));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.fingerprint()).isNull();
        assertThat(scan.problem()).contains("1.dat.gz").containsAnyOf("truncated", "corrupt");
    }

    @Test
    void gzipCutInTheMiddleReportsRowsReadSoFar() throws IOException {
        List<String> rows = manyRows(20_000);
        byte[] gz = gzip(copyText(rows, END));

        Scan scan = DataFileScanner.scan(write("2.dat.gz", Arrays.copyOf(gz, gz.length / 2)));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.fingerprint()).isNull();
        assertThat(scan.rows()).isPositive().isLessThan(20_000);
        assertThat(scan.problem()).contains("2.dat.gz").contains("truncated").contains(scan.rows() + " rows");
    }

    @Test
    void gzipCutToTheHeader() throws IOException {
        byte[] gz = gzip(copyText(ROWS, END));
        Scan scan = DataFileScanner.scan(write("3.dat.gz", Arrays.copyOf(gz, 5)));
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).containsAnyOf("truncated", "corrupt");
    }

    @Test
    void emptyGzipFile() throws IOException {
        Scan scan = DataFileScanner.scan(write("4.dat.gz", new byte[0]));
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("4.dat.gz").containsAnyOf("truncated", "corrupt");
    }

    @Test
    void emptyUncompressedFileIsTruncated() throws IOException {
        Scan scan = DataFileScanner.scan(write("4.dat", new byte[0]));
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("truncated").contains("end-of-data marker");
    }

    @Test
    void missingTerminatorIsTruncated() throws IOException {
        Scan scan = DataFileScanner.scan(write("5.dat.gz", gzip(copyText(ROWS, ""))));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.fingerprint()).isNull();
        assertThat(scan.rows()).isEqualTo(4);
        assertThat(scan.problem()).contains("5.dat.gz").contains("truncated").contains("after 4 rows")
                .contains("end-of-data marker");
    }

    @Test
    void lastRowWithoutNewlineIsTruncated() throws IOException {
        byte[] text = copyText(ROWS, "");
        Scan scan = DataFileScanner.scan(write("6.dat", Arrays.copyOf(text, text.length - 1)));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("truncated");
    }

    @Test
    void terminatorWithoutNewlineIsTruncated() throws IOException {
        Scan scan = DataFileScanner.scan(write("7.dat", copyText(ROWS, "\\.")));
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("truncated");
    }

    @Test
    void dataAfterTerminator() throws IOException {
        Scan scan = DataFileScanner.scan(write("8.dat.gz", gzip(copyText(ROWS, "\\.\n\n5\tsmuggled\n\n"))));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.fingerprint()).isNull();
        assertThat(scan.problem()).contains("8.dat.gz").contains("data after").contains("end-of-data marker");
    }

    @Test
    void secondTerminatorIsDataAfterTheFirst() throws IOException {
        Scan scan = DataFileScanner.scan(write("9.dat", copyText(ROWS, "\\.\n\\.\n")));
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("data after");
    }

    @Test
    void flippedByteInCompressedDataIsDetected() throws IOException {
        byte[] gz = gzip(copyText(manyRows(2_000), END));
        // Every position of the deflate stream (after the 10-byte header) and the CRC-32/size trailer.
        for (int pos = 10; pos < gz.length; pos += Math.max(1, gz.length / 97)) {
            byte[] damaged = gz.clone();
            damaged[pos] ^= (byte) 0xff;

            Scan scan = DataFileScanner.scan(write("10.dat.gz", damaged));

            assertThat(scan.ok()).as("byte %d of %d flipped", pos, gz.length).isFalse();
            assertThat(scan.fingerprint()).isNull();
            assertThat(scan.problem()).as("byte %d", pos).containsAnyOf("corrupt", "truncated");
        }
    }

    @Test
    void flippedByteInCrcIsCorrupt() throws IOException {
        byte[] gz = gzip(copyText(ROWS, END));
        gz[gz.length - 6] ^= 0x01; // inside the CRC-32 of the trailer

        Scan scan = DataFileScanner.scan(write("11.dat.gz", gz));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("11.dat.gz").contains("corrupt");
    }

    @Test
    void notGzipAtAll() throws IOException {
        Scan scan = DataFileScanner.scan(write("12.dat.gz", copyText(ROWS, END)));
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("12.dat.gz").contains("corrupt");
    }

    @Test
    void missingFile() {
        Scan scan = DataFileScanner.scan(dir.resolve("404.dat.gz"));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.rows()).isZero();
        assertThat(scan.fingerprint()).isNull();
        assertThat(scan.problem()).contains("404.dat.gz").contains("missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"13.dat.lz4", "13.dat.zst", "13.dat.bz2"})
    void unsupportedSuffix(String name) throws IOException {
        Scan scan = DataFileScanner.scan(write(name, copyText(ROWS, END)));

        assertThat(scan.ok()).isFalse();
        assertThat(scan.fingerprint()).isNull();
        assertThat(scan.problem()).contains(name).contains("compression").contains("gzip");
    }

    @Test
    void directoryInsteadOfFile() throws IOException {
        Path d = Files.createDirectory(dir.resolve("14.dat"));
        Scan scan = DataFileScanner.scan(d);
        assertThat(scan.ok()).isFalse();
        assertThat(scan.problem()).contains("14.dat");
    }
}
