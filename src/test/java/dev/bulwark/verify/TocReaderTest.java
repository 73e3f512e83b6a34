package dev.bulwark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.verify.TocReader.Archive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fixture is the toc.dat of a real {@code pg_dump -Fd} (PostgreSQL 15.18, archive 1.14, default
 * gzip compression) of a database holding: table public."MixedCase Tbl" (id primary key,
 * "We,ird""col" text, "x (y)" int), table public.measurements (id, celsius, fahrenheit GENERATED
 * ALWAYS AS ... STORED, note), sequence order_seq, index measurements_celsius_idx and view warm.
 * Other archive versions are written here byte by byte the way pg_dump's WriteHead/WriteToc do.
 */
class TocReaderTest {

    private static byte[] fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadFixture() throws IOException {
        try (InputStream in = TocReaderTest.class.getResourceAsStream("fixture-pg15/toc.dat")) {
            assertThat(in).as("fixture-pg15/toc.dat on the test classpath").isNotNull();
            fixture = in.readAllBytes();
        }
    }

    // --- the real PostgreSQL 15 dump ---

    @Test
    void readsHeaderOfRealPg15Dump() throws IOException {
        Archive archive = TocReader.read(write(fixture));

        assertThat(archive.archiveVersion()).isEqualTo("1.14.0");
        assertThat(archive.dumpVersion()).startsWith("15.");
        assertThat(archive.serverVersion()).startsWith("15.");
        assertThat(archive.databaseName()).isEqualTo("fixture");
        assertThat(archive.compression()).isEqualTo("gzip"); // pg 15 default: zlib level -1
        assertThat(archive.entries()).hasSize(13);
    }

    @Test
    void readsEntriesOfRealPg15Dump() throws IOException {
        Archive archive = TocReader.read(write(fixture));

        assertThat(archive.entries())
                .extracting(TocEntry::dumpId, TocEntry::desc, TocEntry::namespace, TocEntry::tag,
                        TocEntry::filename)
                .contains(
                        tuple(214, "TABLE", "public", "MixedCase Tbl", null),
                        tuple(215, "TABLE", "public", "measurements", null),
                        tuple(216, "SEQUENCE", "public", "order_seq", null),
                        tuple(217, "VIEW", "public", "warm", null),
                        tuple(3352, "TABLE DATA", "public", "MixedCase Tbl", "3352.dat"),
                        tuple(3353, "TABLE DATA", "public", "measurements", "3353.dat"),
                        tuple(3361, "SEQUENCE SET", "public", "order_seq", null),
                        tuple(3207, "CONSTRAINT", "public", "MixedCase Tbl MixedCase Tbl_pkey", null),
                        tuple(3208, "INDEX", "public", "measurements_celsius_idx", null));
        // The special entries pg_restore consumes itself come first.
        assertThat(archive.entries().get(0).desc()).isEqualTo("ENCODING");
        assertThat(archive.entries().get(0).defn()).contains("UTF8");

        Map<Integer, TocEntry> byId = byDumpId(archive);
        assertThat(archive.entries()).filteredOn(TocEntry::isTableData)
                .extracting(TocEntry::dumpId).containsExactly(3352, 3353);
        assertThat(byId.get(214).owner()).isEqualTo("postgres");
        assertThat(byId.get(214).defn()).startsWith("CREATE TABLE public.\"MixedCase Tbl\"");
        assertThat(byId.get(214).copyStmt()).isNull();
        assertThat(byId.get(3208).defn()).contains("CREATE INDEX measurements_celsius_idx");
    }

    @Test
    void copyColumnsOfRealDumpKeepQuotingAndOmitGeneratedColumns() throws IOException {
        Map<Integer, TocEntry> byId = byDumpId(TocReader.read(write(fixture)));

        TocEntry weird = byId.get(3352);
        assertThat(weird.copyStmt())
                .isEqualTo("COPY public.\"MixedCase Tbl\" (id, \"We,ird\"\"col\", \"x (y)\") FROM stdin;\n");
        assertThat(weird.qualifiedName()).isEqualTo("public.\"MixedCase Tbl\"");
        assertThat(weird.copyColumns()).containsExactly("id", "\"We,ird\"\"col\"", "\"x (y)\"");

        TocEntry generated = byId.get(3353);
        assertThat(generated.qualifiedName()).isEqualTo("public.measurements");
        assertThat(generated.copyColumns()).containsExactly("id", "celsius", "note");

        assertThat(byId.get(3361).copyColumns()).isEmpty();
        assertThat(byId.get(3361).qualifiedName()).isNull();
    }

    // --- COPY statement parsing ---

    @Test
    void copyParsingHandlesQuotedNamesWithSpacesParenthesesAndQuotes() {
        TocEntry entry = tableData(
                "COPY \"My Schema\".\"t (1) FROM x\" (\"a\"\"b\", \"c,d\", \"e)\", plain) FROM stdin;\n");

        assertThat(entry.qualifiedName()).isEqualTo("\"My Schema\".\"t (1) FROM x\"");
        assertThat(entry.copyColumns()).containsExactly("\"a\"\"b\"", "\"c,d\"", "\"e)\"", "plain");
    }

    @Test
    void copyWithoutColumnListHasNoColumns() {
        // pg_dump's form for a table with no (non-generated) columns: two spaces, no list.
        TocEntry entry = tableData("COPY public.empty  FROM stdin;\n");

        assertThat(entry.qualifiedName()).isEqualTo("public.empty");
        assertThat(entry.copyColumns()).isEmpty();
        assertThat(tableData(null).copyColumns()).isEmpty();
        assertThat(tableData("").qualifiedName()).isNull();
    }

    // --- corrupt files ---

    @Test
    void truncationAtEveryOffsetIsAFormatError() throws IOException {
        Path file = tmp.resolve("toc.dat");
        for (int length = 0; length < fixture.length; length++) {
            Files.write(file, Arrays.copyOf(fixture, length));
            Throwable thrown = catchThrowable(() -> TocReader.read(file));
            assertThat(thrown).as("truncated to %d bytes", length).isInstanceOf(TocFormatException.class);
            assertThat(((TocFormatException) thrown).offset()).isBetween(0L, (long) length);
        }
    }

    @Test
    void badMagicIsAFormatError() throws IOException {
        byte[] bytes = fixture.clone();
        bytes[0] = 'X';

        assertThatThrownBy(() -> TocReader.read(write(bytes)))
                .isInstanceOf(TocFormatException.class)
                .hasMessageContaining("PGDMP")
                .hasMessageContaining("byte offset 0");
    }

    @Test
    void hugeStringLengthInTheHeaderIsAFormatError() throws IOException {
        // 1.14 header: magic 5, version 3, sizes+format 3, level int 5, 7 time ints 35 -> 51.
        int dbNameLength = 51;
        assertThat(new String(fixture, dbNameLength + 5, 7, StandardCharsets.US_ASCII)).isEqualTo("fixture");
        byte[] bytes = fixture.clone();
        bytes[dbNameLength + 4] = 0x7f; // most significant byte of the length

        Throwable thrown = catchThrowable(() -> TocReader.read(write(bytes)));
        assertThat(thrown).isInstanceOf(TocFormatException.class)
                .hasMessageContaining("length")
                .hasMessageContaining("exceeds")
                .hasMessageContaining("byte offset " + dbNameLength);
        assertThat(((TocFormatException) thrown).offset()).isEqualTo(dbNameLength);
    }

    @Test
    void hugeStringLengthInAnEntryIsAFormatError() throws IOException {
        int copyLength = indexOf(fixture, "COPY public.\"MixedCase".getBytes(StandardCharsets.US_ASCII)) - 5;
        byte[] bytes = fixture.clone();
        bytes[copyLength + 4] = (byte) 0xff;
        bytes[copyLength + 3] = (byte) 0xff;

        assertThatThrownBy(() -> TocReader.read(write(bytes)))
                .isInstanceOf(TocFormatException.class)
                .hasMessageContaining("COPY statement")
                .hasMessageContaining("byte offset " + copyLength);
    }

    @Test
    void hugeEntryCountIsAFormatError() throws IOException {
        int count = skipString(skipString(skipString(51))); // database name, two versions
        assertThat(fixture[count + 1]).isEqualTo((byte) 13);
        byte[] bytes = fixture.clone();
        bytes[count + 4] = 0x7f;

        assertThatThrownBy(() -> TocReader.read(write(bytes)))
                .isInstanceOf(TocFormatException.class)
                .hasMessageContaining("TOC entry count")
                .hasMessageContaining("byte offset " + count);
    }

    @Test
    void everySingleByteCorruptionEitherParsesOrIsAFormatError() throws IOException {
        Path file = tmp.resolve("toc.dat");
        for (int offset = 0; offset < fixture.length; offset++) {
            for (int mask : new int[] {0xff, 0x80, 0x01}) {
                byte[] bytes = fixture.clone();
                bytes[offset] ^= (byte) mask;
                Files.write(file, bytes);
                Throwable thrown = catchThrowable(() -> TocReader.read(file));
                if (thrown != null) {
                    assertThat(thrown).as("byte %d ^ %x", offset, mask).isInstanceOf(TocFormatException.class);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"11, unsupported archive version 1.11.0", "17, unsupported archive version 1.17.0"})
    void unsupportedVersionsAreFormatErrors(int minor, String message) throws IOException {
        byte[] bytes = fixture.clone();
        bytes[6] = (byte) minor;

        assertThatThrownBy(() -> TocReader.read(write(bytes)))
                .isInstanceOf(TocFormatException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("byte offset 5");
    }

    @Test
    void customFormatIsRejectedByName() throws IOException {
        byte[] bytes = fixture.clone();
        bytes[10] = 1; // format code: archCustom

        assertThatThrownBy(() -> TocReader.read(write(bytes)))
                .isInstanceOf(TocFormatException.class)
                .hasMessageContaining("custom-format");
    }

    // --- other archive versions, written the way pg_dump writes them ---

    @ParameterizedTest
    @CsvSource({"12, 0, none", "13, -1, gzip", "14, 6, gzip"})
    void readsVersionsWithACompressionLevel(int minor, int level, String compression) throws IOException {
        Archive archive = TocReader.read(write(synthetic(minor, level)));

        assertThat(archive.archiveVersion()).isEqualTo("1." + minor + ".0");
        assertThat(archive.compression()).isEqualTo(compression);
        assertSyntheticEntries(archive);
    }

    @ParameterizedTest
    @CsvSource({"15, 0, none", "15, 1, gzip", "15, 2, lz4", "16, 3, zstd", "16, 1, gzip"})
    void readsVersionsWithACompressionAlgorithm(int minor, int algorithm, String compression)
            throws IOException {
        Archive archive = TocReader.read(write(synthetic(minor, algorithm)));

        assertThat(archive.archiveVersion()).isEqualTo("1." + minor + ".0");
        assertThat(archive.compression()).isEqualTo(compression);
        assertSyntheticEntries(archive);
    }

    @Test
    void unknownCompressionAlgorithmIsAFormatError() throws IOException {
        assertThatThrownBy(() -> TocReader.read(write(synthetic(16, 9))))
                .isInstanceOf(TocFormatException.class)
                .hasMessageContaining("compression algorithm 9")
                .hasMessageContaining("byte offset 11");
    }

    @Test
    void readingAVersionWithTheWrongLayoutFails() throws IOException {
        // A 1.16 body declared as 1.14 misreads relkind as a string: must still end in a format error.
        byte[] bytes = synthetic(16, 1);
        bytes[6] = 14;

        assertThatThrownBy(() -> TocReader.read(write(bytes))).isInstanceOf(TocFormatException.class);
    }

    private static void assertSyntheticEntries(Archive archive) {
        assertThat(archive.databaseName()).isEqualTo("synthetic");
        assertThat(archive.serverVersion()).isEqualTo("16.4");
        assertThat(archive.dumpVersion()).isEqualTo("17.2");
        assertThat(archive.entries())
                .extracting(TocEntry::dumpId, TocEntry::desc, TocEntry::tag, TocEntry::filename)
                .containsExactly(
                        tuple(1, "ENCODING", "ENCODING", null),
                        tuple(200, "TABLE", "Tbl", null),
                        tuple(3000, "TABLE DATA", "Tbl", "3000.dat"),
                        tuple(3001, "BLOBS", "BLOBS", "blobs.toc"));
        assertThat(archive.entries().get(2).copyColumns()).containsExactly("a", "\"B c\"");
    }

    /** A three-entry archive of the given 1.x version, as pg_dump's WriteHead/WriteToc lay it out. */
    private static byte[] synthetic(int minor, int compression) {
        TocBytes out = new TocBytes(minor);
        out.raw("PGDMP".getBytes(StandardCharsets.US_ASCII));
        out.raw(new byte[] {1, (byte) minor, 0, 4, 8, 3});
        if (minor >= 15) {
            out.raw(new byte[] {(byte) compression});
        } else {
            out.integer(compression);
        }
        for (int field : new int[] {30, 15, 10, 25, 10, 126, 0}) {
            out.integer(field);
        }
        out.string("synthetic");
        out.string("16.4");
        out.string("17.2");
        out.integer(4);
        out.entry(1, "ENCODING", null, "ENCODING", 1, null, "");
        out.entry(200, "TABLE", "public", "Tbl", 2, null, "");
        out.entry(3000, "TABLE DATA", "public", "Tbl", 3,
                "COPY public.\"Tbl\" (a, \"B c\") FROM stdin;\n", "3000.dat", 200);
        out.entry(3001, "BLOBS", null, "BLOBS", 3, null, "blobs.toc");
        return out.bytes();
    }

    /** pg_dump's WriteInt/WriteStr with 4-byte integers. */
    private static final class TocBytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int minor;

        TocBytes(int minor) {
            this.minor = minor;
        }

        void raw(byte[] bytes) {
            out.writeBytes(bytes);
        }

        void integer(int value) {
            out.write(value < 0 ? 1 : 0);
            int magnitude = Math.abs(value);
            for (int i = 0; i < 4; i++) {
                out.write((magnitude >>> (8 * i)) & 0xff);
            }
        }

        void string(String s) {
            if (s == null) {
                integer(-1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            integer(bytes.length);
            raw(bytes);
        }

        void entry(int dumpId, String desc, String namespace, String tag, int section, String copyStmt,
                String filename, int... dependencies) {
            integer(dumpId);
            integer(filename.isEmpty() ? 0 : 1);
            string("1259");
            string(Integer.toString(16000 + dumpId));
            string(tag);
            string(desc);
            integer(section);
            // pg_restore parses the ENCODING entry's SET on read, so give it a real one.
            string(desc.equals("ENCODING") ? "SET client_encoding = 'UTF8';\n" : "-- " + tag + "\n");
            string("");
            string(copyStmt);
            string(namespace);
            string("");
            if (minor >= 14) {
                string(desc.equals("TABLE") ? "heap" : null);
            }
            if (minor >= 16) {
                integer(desc.equals("TABLE") ? 'r' : 0);
            }
            string("postgres");
            string("false");
            for (int dependency : dependencies) {
                string(Integer.toString(dependency));
            }
            string(null);
            string(filename);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    // --- helpers ---

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(tmp, "toc", ".dat");
        Files.write(file, bytes);
        return file;
    }

    private static Map<Integer, TocEntry> byDumpId(Archive archive) {
        return archive.entries().stream().collect(Collectors.toMap(TocEntry::dumpId, Function.identity()));
    }

    private static TocEntry tableData(String copyStmt) {
        return new TocEntry(1, "TABLE DATA", "public", "t", "postgres", "", copyStmt, "1.dat");
    }

    /** Offset just past the fixture string whose length integer starts at {@code at}. */
    private static int skipString(int at) {
        int length = (fixture[at + 1] & 0xff) | (fixture[at + 2] & 0xff) << 8
                | (fixture[at + 3] & 0xff) << 16 | (fixture[at + 4] & 0xff) << 24;
        return at + 5 + length;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found in fixture");
    }
}
