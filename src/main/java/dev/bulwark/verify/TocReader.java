package dev.bulwark.verify;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulwark.postgres.PgEncodings;

/**
 * Reads the binary {@code toc.dat} of a directory-format pg_dump archive ({@code pg_dump -Fd}),
 * archive versions 1.12 to 1.16 (pg_dump 9.1, which introduced the format, to 18), without
 * running pg_restore.
 *
 * <p>The layout follows pg_backup_archiver.c (ReadHead, ReadToc, ReadInt, ReadStr) and
 * pg_backup_directory.c (_ReadExtraToc). The file is untrusted input: every length is checked
 * against the bytes actually left before anything is allocated, and every value pg_dump could not
 * have written is reported as a {@link TocFormatException} naming the byte offset.
 */
public final class TocReader {

    /** What the header says about the dump, plus its entries in file order. */
    public record Archive(
            String archiveVersion,
            String dumpVersion,
            String serverVersion,
            String databaseName,
            String compression,
            List<TocEntry> entries) {
        public Archive {
            entries = List.copyOf(entries);
        }
    }

    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    // Archive versions that change the layout we read (K_VERS_* in pg_backup_archiver.h).
    private static final int V1_12 = version(1, 12, 0);
    private static final int V1_14 = version(1, 14, 0); // adds table access method per entry
    private static final int V1_15 = version(1, 15, 0); // algorithm byte replaces zlib level int
    private static final int V1_16 = version(1, 16, 0); // adds relkind per entry
    private static final int V_MAX = version(1, 16, 255); // any revision of 1.16 reads the same

    // pg_dump's directory format writes tar's format code into toc.dat (pg_backup_directory.c,
    // _CloseArchive), never archDirectory (5). Custom (1) has a different per-entry tail.
    private static final int FORMAT_CUSTOM = 1;
    private static final int FORMAT_TAR = 3;

    /** pg_compress_algorithm (common/compression.h), stored as one byte since 1.15. */
    private static final List<String> ALGORITHMS = List.of("none", "gzip", "lz4", "zstd");

    /** Creation time fields after the compression setting; we skip them. */
    private static final List<String> CREATED_AT_FIELDS =
            List.of("seconds", "minutes", "hours", "day", "month", "year", "isdst");

    /** Fewest length-prefixed fields one entry can hold: a floor for sanity-checking the count. */
    private static final int MIN_FIELDS_PER_ENTRY = 16;

    private final Input in;
    private int version;

    private TocReader(Input in) {
        this.in = in;
    }

    /**
     * Reads a toc.dat. Its text is in the dumped database's encoding, which the archive itself
     * names (its ENCODING entry): a first pass reads every byte as ISO-8859-1 to learn it, and a
     * database in another encoding than that is read again with the right charset.
     */
    public static Archive read(Path tocDat) throws IOException {
        Archive bytewise = read(tocDat, StandardCharsets.ISO_8859_1);
        Charset charset = PgEncodings.javaCharset(encodingOf(bytewise));
        return charset.equals(StandardCharsets.ISO_8859_1) ? bytewise : read(tocDat, charset);
    }

    private static Archive read(Path tocDat, Charset charset) throws IOException {
        long size = Files.size(tocDat);
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(tocDat), 64 * 1024)) {
            Input input = new Input(stream, size, tocDat.toString());
            input.charset = charset;
            return new TocReader(input).readArchive();
        }
    }

    /** The client_encoding the archive's ENCODING entry sets, e.g. UTF8 or LATIN1 (UTF8 if absent). */
    static String encodingOf(Archive archive) {
        for (TocEntry e : archive.entries()) {
            if ("ENCODING".equals(e.desc()) && e.defn() != null) {
                Matcher m = QUOTED.matcher(e.defn());
                if (m.find()) return m.group(1);
            }
        }
        return "UTF8";
    }

    private Archive readArchive() throws IOException {
        if (!Arrays.equals(in.bytes(MAGIC.length, "magic"), MAGIC)) {
            throw in.error("not a pg_dump archive: magic is not \"PGDMP\"", 0);
        }
        long at = in.pos();
        int major = in.u8("archive major version");
        int minor = in.u8("archive minor version");
        // ReadHead: the revision byte exists in every version after 1.0.
        int rev = major > 1 || (major == 1 && minor > 0) ? in.u8("archive revision") : 0;
        version = version(major, minor, rev);
        String archiveVersion = major + "." + minor + "." + rev;
        if (version < V1_12 || version > V_MAX) {
            throw in.error("unsupported archive version " + archiveVersion
                    + " (supported: 1.12 to 1.16)", at);
        }

        at = in.pos();
        int intSize = in.u8("integer size");
        if (intSize < 1 || intSize > 8) {
            throw in.error("implausible integer size " + intSize, at);
        }
        in.intSize = intSize;
        at = in.pos();
        int offSize = in.u8("offset size"); // used only by the custom format's data offsets
        if (offSize < 1 || offSize > 16) {
            throw in.error("implausible offset size " + offSize, at);
        }
        at = in.pos();
        int format = in.u8("format code");
        if (format != FORMAT_TAR) {
            throw in.error(format == FORMAT_CUSTOM
                    ? "custom-format (pg_dump -Fc) archive; only a directory-format toc.dat is supported"
                    : "unexpected format code " + format + " (a directory-format toc.dat has 3)", at);
        }
        String compression = readCompression();
        for (String field : CREATED_AT_FIELDS) {
            in.int32("creation time " + field);
        }
        String databaseName = in.str("database name");
        String serverVersion = in.str("server version");
        String dumpVersion = in.str("pg_dump version");

        at = in.pos();
        int count = in.int32("TOC entry count");
        long minBytes = (long) count * MIN_FIELDS_PER_ENTRY * (1 + intSize);
        if (count < 0 || minBytes > in.remaining()) {
            throw in.error("TOC entry count " + count + " needs at least " + minBytes
                    + " bytes but only " + in.remaining() + " are left (truncated or corrupt)", at);
        }
        List<TocEntry> entries = new ArrayList<>(); // grows as entries parse, never sized by count
        for (int i = 0; i < count; i++) {
            entries.add(readEntry(i));
        }
        // Bytes after the last entry are ignored, as pg_restore ignores them.
        return new Archive(archiveVersion, dumpVersion, serverVersion, databaseName, compression, entries);
    }

    private String readCompression() throws IOException {
        long at = in.pos();
        if (version >= V1_15) {
            int algorithm = in.u8("compression algorithm");
            if (algorithm >= ALGORITHMS.size()) {
                throw in.error("unknown compression algorithm " + algorithm, at);
            }
            return ALGORITHMS.get(algorithm);
        }
        // Before 1.15 only a zlib level was stored: 0 none, -1 zlib's default, 1..9 explicit.
        int level = in.int32("compression level");
        if (level < -1 || level > 9) {
            throw in.error("invalid compression level " + level, at);
        }
        return level == 0 ? "none" : "gzip";
    }

    private TocEntry readEntry(int index) throws IOException {
        long at = in.pos();
        String where = "TOC entry #" + index;
        int dumpId = in.int32(where + " dump id");
        if (dumpId <= 0) {
            throw in.error(where + ": dump id " + dumpId + " out of range", at);
        }
        where = "TOC entry " + dumpId;
        at = in.pos();
        int hadDumper = in.int32(where + " data flag");
        if (hadDumper != 0 && hadDumper != 1) {
            throw in.error(where + ": data flag " + hadDumper + " is neither 0 nor 1", at);
        }
        in.number(where + " table oid");
        in.number(where + " oid");
        String tag = in.str(where + " tag");
        String desc = in.requiredStr(where + " desc");
        at = in.pos();
        int section = in.int32(where + " section");
        if (section < 1 || section > 4) { // teSection: SECTION_NONE (1) .. SECTION_POST_DATA (4)
            throw in.error(where + ": unknown section " + section, at);
        }
        String defn = in.str(where + " definition");
        in.str(where + " drop statement");
        long copyAt = in.pos();
        String copyStmt = in.str(where + " COPY statement");
        String namespace = in.str(where + " namespace");
        in.str(where + " tablespace");
        if (version >= V1_14) {
            in.str(where + " table access method");
        }
        if (version >= V1_16) {
            in.int32(where + " relkind");
        }
        String owner = in.str(where + " owner");
        in.requiredStr(where + " with-oids flag");
        // Dependencies: dump ids as decimal strings, ended by a null string.
        while (in.numberOrNull(where + " dependency") != null) {
            // not exposed; reading them keeps us aligned with the next field
        }
        // The directory format's extra field: data file name, "" when the entry has none.
        String filename = in.requiredStr(where + " data file name");
        try {
            TocEntry.CopyTarget.parse(copyStmt); // so copyColumns() on a read entry cannot fail
        } catch (IllegalArgumentException e) {
            throw in.error(where + ": " + e.getMessage(), copyAt);
        }
        return new TocEntry(dumpId, desc, namespace, tag, owner, defn, copyStmt,
                filename.isEmpty() ? null : filename);
    }

    private static int version(int major, int minor, int rev) {
        return (major * 256 + minor) * 256 + rev;
    }

    /** A position-tracking reader of pg_dump's primitives that refuses to read past the end. */
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private static final class Input {
        Charset charset = StandardCharsets.UTF_8;
        private final InputStream stream;
        private final long size;
        private final String source;
        private long pos;
        int intSize = 4;

        Input(InputStream stream, long size, String source) {
            this.stream = stream;
            this.size = size;
            this.source = source;
        }

        long pos() {
            return pos;
        }

        long remaining() {
            return size - pos;
        }

        TocFormatException error(String what, long at) {
            return new TocFormatException(source + ": " + what + " at byte offset " + at, at);
        }

        private TocFormatException truncated(String what) {
            return error("file ends (" + size + " bytes) while reading " + what, pos);
        }

        int u8(String what) throws IOException {
            if (pos >= size) {
                throw truncated(what);
            }
            int b = stream.read();
            if (b < 0) { // file shrank after we sized it
                throw truncated(what);
            }
            pos++;
            return b;
        }

        byte[] bytes(int n, String what) throws IOException {
            if (n > remaining()) {
                throw truncated(what);
            }
            byte[] b = stream.readNBytes(n);
            if (b.length != n) {
                throw truncated(what);
            }
            pos += n;
            return b;
        }

        /** ReadInt: a sign byte (0 or 1), then intSize magnitude bytes, least significant first. */
        int int32(String what) throws IOException {
            long at = pos;
            int sign = u8(what);
            if (sign > 1) {
                throw error("sign byte " + sign + " of " + what + " is neither 0 nor 1", at);
            }
            long magnitude = 0;
            for (int i = 0; i < intSize; i++) {
                magnitude |= (long) u8(what) << (8 * i);
            }
            if (magnitude < 0 || magnitude > Integer.MAX_VALUE) {
                throw error(what + " does not fit in 32 bits", at);
            }
            return sign == 0 ? (int) magnitude : -(int) magnitude;
        }

        /** ReadStr: a length (-1 for null), then that many bytes. */
        String str(String what) throws IOException {
            long at = pos;
            int length = int32("length of " + what);
            if (length == -1) {
                return null;
            }
            if (length < 0) {
                throw error("negative length " + length + " of " + what, at);
            }
            if (length > remaining()) {
                throw error("length " + length + " of " + what + " exceeds the "
                        + remaining() + " bytes left", at);
            }
            // pg_dump writes text in the dump's client encoding; a malformed sequence becomes
            // U+FFFD rather than an error.
            return new String(bytes(length, what), charset);
        }

        String requiredStr(String what) throws IOException {
            long at = pos;
            String s = str(what);
            if (s == null) {
                throw error(what + " is null", at);
            }
            return s;
        }

        /** Oids and dump ids are stored as decimal strings; anything else means corruption. */
        String numberOrNull(String what) throws IOException {
            long at = pos;
            String s = str(what);
            if (s != null && (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9'))) {
                throw error(what + " is not a number", at);
            }
            return s;
        }

        void number(String what) throws IOException {
            long at = pos;
            if (numberOrNull(what) == null) {
                throw error(what + " is null", at);
            }
        }
    }
}
