package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineSplitterTest {

    /** Collects copies of the lines, since the consumer's array is only valid during the call. */
    private static final class Collector implements LineSplitter.LineConsumer {
        final List<String> lines = new ArrayList<>();

        @Override
        public void line(byte[] buf, int off, int len) {
            lines.add(new String(buf, off, len, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] sample() {
        StringBuilder sb = new StringBuilder();
        sb.append("1\tAda\n");
        sb.append("\n");                     // an empty line (a row of a table without columns)
        sb.append("\n");
        sb.append("2\tGrace\t\\N\n");
        sb.append("x".repeat(300)).append('\n');          // longer than the initial pending buffer
        sb.append("y".repeat(70_000)).append('\n');       // longer than any chunk
        sb.append("3\tline with \\n escaped newline\n");
        sb.append("\\.\n");
        sb.append("\n");
        byte[] ascii = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        // Non-ASCII and all other byte values must pass through untouched.
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii);
        for (byte b : all) if (b != '\n') out.write(b);
        out.write('\n');
        return out.toByteArray();
    }

    private static List<String> expectedLines(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last '\n': nothing (sample ends with '\n')
        return lines;
    }

    @Test
    void allAtOnce() {
        byte[] data = sample();
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);

        s.write(data, 0, data.length);

        assertThat(c.lines).containsExactlyElementsOf(expectedLines(data));
        assertThat(c.lines).contains("", "\\.", "x".repeat(300), "y".repeat(70_000));
        assertThat(s.unterminatedBytes()).isZero();
    }

    @Test
    void byteByByte() {
        byte[] data = sample();
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);

        for (byte b : data) s.write(b);

        assertThat(c.lines).containsExactlyElementsOf(expectedLines(data));
        assertThat(s.unterminatedBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void randomChunks(long seed) {
        byte[] data = sample();
        Random random = new Random(seed);
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);

        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, random.nextInt(random.nextBoolean() ? 8 : 5000) + 1);
            // Write from a larger buffer at an offset, as a stream reader does.
            byte[] chunk = new byte[n + 10];
            random.nextBytes(chunk);
            System.arraycopy(data, pos, chunk, 5, n);
            s.write(chunk, 5, n);
            pos += n;
        }

        assertThat(c.lines).containsExactlyElementsOf(expectedLines(data));
        assertThat(s.unterminatedBytes()).isZero();
    }

    @Test
    void emptyWritesChangeNothing() {
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);
        s.write(new byte[0], 0, 0);
        s.write("ab".getBytes(StandardCharsets.US_ASCII), 0, 2);
        s.write(new byte[5], 3, 0);
        s.write("c\n".getBytes(StandardCharsets.US_ASCII), 0, 2);

        assertThat(c.lines).containsExactly("abc");
    }

    @Test
    void onlyNewlines() {
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);
        s.write("\n\n\n".getBytes(StandardCharsets.US_ASCII), 0, 3);
        assertThat(c.lines).containsExactly("", "", "");
        assertThat(s.unterminatedBytes()).isZero();
    }

    @Test
    void carriageReturnIsPartOfTheLine() {
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);
        s.write("a\r\nb\n".getBytes(StandardCharsets.US_ASCII), 0, 5);
        assertThat(c.lines).containsExactly("a\r", "b");
    }

    @Test
    void unterminatedBytesCountsTheTailAndIsNotALine() {
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);
        byte[] data = "1\tAda\n2\tGra".getBytes(StandardCharsets.US_ASCII);

        s.write(data, 0, data.length);

        assertThat(c.lines).containsExactly("1\tAda");
        assertThat(s.unterminatedBytes()).isEqualTo(5);

        s.write('c');
        s.write('e');
        assertThat(s.unterminatedBytes()).isEqualTo(7);
        assertThat(c.lines).hasSize(1);

        s.write('\n');
        assertThat(c.lines).containsExactly("1\tAda", "2\tGrace");
        assertThat(s.unterminatedBytes()).isZero();
    }

    @Test
    void longUnterminatedTailIsCountedExactly() {
        Collector c = new Collector();
        LineSplitter s = new LineSplitter(c);
        byte[] tail = "z".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < tail.length; i += 777) s.write(tail, i, Math.min(777, tail.length - i));

        assertThat(c.lines).isEmpty();
        assertThat(s.unterminatedBytes()).isEqualTo(10_000);
    }

    @Test
    void isAnOutputStream() throws Exception {
        Collector c = new Collector();
        try (LineSplitter s = new LineSplitter(c)) {
            s.write("a\nbb\n".getBytes(StandardCharsets.US_ASCII));
            s.flush();
        }
        assertThat(c.lines).containsExactly("a", "bb");
    }
}
