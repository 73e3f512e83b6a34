package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RowFingerprintTest {

    private static RowFingerprint of(List<String> rows) {
        RowFingerprint fp = new RowFingerprint();
        for (String row : rows) {
            byte[] b = row.getBytes(StandardCharsets.UTF_8);
            fp.add(b, 0, b.length);
        }
        return fp;
    }

    private static String value(String... rows) {
        return of(List.of(rows)).value();
    }

    private static String valueOfBytes(byte[]... rows) {
        RowFingerprint fp = new RowFingerprint();
        for (byte[] row : rows) fp.add(row, 0, row.length);
        return fp.value();
    }

    private static List<String> sampleRows() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(i + "\tname " + i + "\t" + (i % 7 == 0 ? "\\N" : "2024-01-0" + (i % 9 + 1) + " 10:00:00+00"));
        }
        rows.add("");
        rows.add("x".repeat(1000));
        return rows;
    }

    @Test
    void emptyFingerprint() {
        RowFingerprint fp = new RowFingerprint();
        assertThat(fp.rows()).isZero();
        assertThat(fp.value()).isEqualTo("0".repeat(32));
    }

    @Test
    void valueIs32HexDigits() {
        assertThat(value("1\tAda")).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }

    @Test
    void independentOfRowOrder() {
        List<String> rows = sampleRows();
        String expected = of(rows).value();
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<String> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, random);
            RowFingerprint fp = of(shuffled);
            assertThat(fp.value()).isEqualTo(expected);
            assertThat(fp.rows()).isEqualTo(rows.size());
        }
    }

    @Test
    void sensitiveToOneChangedByteAnywhere() {
        List<String> rows = sampleRows();
        String original = of(rows).value();
        Set<String> seen = new HashSet<>(Set.of(original));
        String row = rows.get(42);
        for (int pos = 0; pos < row.length(); pos++) {
            List<String> changed = new ArrayList<>(rows);
            char[] chars = row.toCharArray();
            chars[pos] ^= 1;
            changed.set(42, new String(chars));
            assertThat(seen.add(of(changed).value())).as("flipping bit 0 of byte %d", pos).isTrue();
        }
    }

    @Test
    void duplicatedRowDiffersFromADifferentRow() {
        assertThat(value("a", "a")).isNotEqualTo(value("a", "b"));
        assertThat(value("a", "a", "b")).isNotEqualTo(value("a", "b", "b"));
        assertThat(value("1\tx", "1\tx")).isNotEqualTo(value("1\tx"));
    }

    @Test
    void rowsAreNotConcatenated() {
        // The multiset {ab} is not {a, b}, and {a\tb} is not {a, b}.
        assertThat(value("ab")).isNotEqualTo(value("a", "b"));
        assertThat(value("a\tb")).isNotEqualTo(value("a", "b"));
    }

    @Test
    void sensitiveToRowCount() {
        assertThat(of(List.of("a")).rows()).isEqualTo(1);
        assertThat(of(List.of("a", "a", "a")).rows()).isEqualTo(3);
        assertThat(value("a")).isNotEqualTo(value("a", "a"));
        assertThat(value("a", "b")).isNotEqualTo(value("a", "b", "c"));
        // Empty rows (a table without columns) are counted even though they hash to nothing.
        assertThat(of(List.of("", "", "")).rows()).isEqualTo(3);
        assertThat(of(List.of("")).rows()).isNotEqualTo(of(List.of()).rows());
    }

    @Test
    void everyLengthFrom0To40HasItsOwnValue() {
        Set<String> values = new HashSet<>();
        for (int len = 0; len <= 40; len++) {
            byte[] row = new byte[len];
            for (int i = 0; i < len; i++) row[i] = (byte) ('a' + i % 26);
            values.add(valueOfBytes(row, "fixed".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(values).hasSize(41);
    }

    @Test
    void zeroBytesOfDifferentLengthsDiffer() {
        // Padding with zero bytes must not collide: the length is part of the hash.
        Set<String> values = new HashSet<>();
        for (int len = 1; len <= 40; len++) {
            values.add(valueOfBytes(new byte[len]));
        }
        assertThat(values).hasSize(40);
    }

    @Test
    void everyByteOfEveryLengthUpTo40Counts() {
        // Exercises the 16-byte blocks and every tail length (1..15) in both halves.
        Random random = new Random(7);
        for (int len = 1; len <= 40; len++) {
            byte[] row = new byte[len];
            random.nextBytes(row);
            Set<String> values = new HashSet<>();
            values.add(valueOfBytes(row));
            for (int pos = 0; pos < len; pos++) {
                for (int bit = 0; bit < 8; bit += 7) {
                    byte[] changed = row.clone();
                    changed[pos] ^= (byte) (1 << bit);
                    assertThat(values.add(valueOfBytes(changed)))
                            .as("length %d, byte %d, bit %d", len, pos, bit).isTrue();
                }
            }
        }
    }

    @Test
    void offsetIntoALargerBufferGivesTheSameValue() {
        Random random = new Random(11);
        for (int len = 0; len <= 40; len++) {
            byte[] row = new byte[len];
            random.nextBytes(row);
            byte[] big = new byte[len + 23];
            random.nextBytes(big);
            System.arraycopy(row, 0, big, 9, len);

            RowFingerprint fromBig = new RowFingerprint();
            fromBig.add(big, 9, len);
            assertThat(fromBig.value()).as("length %d", len).isEqualTo(valueOfBytes(row));
        }
    }

    @Test
    void singleRowIsMurmur3x64_128() {
        // Reference values of MurmurHash3_x64_128 with seed 0 (h1 low, h2 high), as computed by
        // Guava 33.4 Hashing.murmur3_128(0).hashBytes(..).toString().
        assertThat(valueOfBytes(new byte[0])).isEqualTo("0".repeat(32));
        assertThat(valueOfBytes("hello".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hex("029bbd41b3a7d8cb191dae486a901e5b"));
        assertThat(valueOfBytes("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(hex("6c1b07bc7bbc4be347939ac4a93c437a"));
    }

    /**
     * Guava prints the 16 hash bytes little-endian: h1's bytes then h2's. The fingerprint prints
     * h2 then h1 as big-endian numbers. Converts the former to the latter.
     */
    private static String hex(String guavaBytes) {
        StringBuilder h1 = new StringBuilder();
        StringBuilder h2 = new StringBuilder();
        for (int i = 0; i < 8; i++) h1.insert(0, guavaBytes, 2 * i, 2 * i + 2);
        for (int i = 8; i < 16; i++) h2.insert(0, guavaBytes, 2 * i, 2 * i + 2);
        return h2 + h1.toString();
    }
}
