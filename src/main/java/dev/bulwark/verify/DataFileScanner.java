package dev.bulwark.verify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one table-data file of a directory-format dump to its end: decompresses it, counts its
 * rows and fingerprints them. A file that does not decompress, or ends before COPY's end-of-data
 * marker, is reported as damaged.
 */
public final class DataFileScanner {
    private static final int BUFFER = 1 << 16;

    private DataFileScanner() {}

    private static void forward(OutputStream rows, byte[] buf, int off, int len) {
        try {
            rows.write(buf, off, len);
            rows.write('\n');
        } catch (IOException e) {
            throw new SinkFailure(e);
        }
    }

    /** Rows and fingerprint of a data file, or the reason it cannot be trusted. */
    public record Scan(long rows, String fingerprint, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Thrown when the row sink (a COPY into the restore target) fails, as opposed to the file. */
    public static final class SinkFailure extends RuntimeException {
        SinkFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    public static Scan scan(Path file) {
        return scan(file, null);
    }

    /**
     * Scans the file and, when {@code rows} is given, writes every row (with its newline) to it:
     * one read of the file serves both the evidence and the load. A failing sink surfaces as
     * {@link SinkFailure}.
     */
    public static Scan scan(Path file, OutputStream rows) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".dat") && !name.endsWith(".dat.gz")) {
            return new Scan(0, null, "data file " + name + " uses a compression this version cannot read; "
                    + "back up with gzip (the default) or no compression");
        }
        RowFingerprint fingerprint = new RowFingerprint();
        boolean[] ended = {false};
        boolean[] garbageAfterEnd = {false};
        LineSplitter lines = new LineSplitter((buf, off, len) -> {
            if (ended[0]) {
                if (len > 0) garbageAfterEnd[0] = true;
            } else if (len == 2 && buf[off] == '\\' && buf[off + 1] == '.') {
                ended[0] = true;
            } else {
                fingerprint.add(buf, off, len);
                if (rows != null) forward(rows, buf, off, len);
            }
        });
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, BUFFER) : raw) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) lines.write(buf, 0, n);
        } catch (NoSuchFileException e) {
            return new Scan(fingerprint.rows(), null, "data file " + name + " is missing");
        } catch (EOFException e) {
            return new Scan(fingerprint.rows(), null, "data file " + name + " is truncated (compressed stream ends early after "
                    + fingerprint.rows() + " rows)");
        } catch (ZipException e) {
            return new Scan(fingerprint.rows(), null, "data file " + name + " is corrupt (" + e.getMessage() + ") after "
                    + fingerprint.rows() + " rows");
        } catch (IOException e) {
            return new Scan(fingerprint.rows(), null, "data file " + name + " cannot be read: " + e.getMessage());
        }
        if (!ended[0] || lines.unterminatedBytes() > 0) {
            return new Scan(fingerprint.rows(), null, "data file " + name + " is truncated: it ends after " + fingerprint.rows()
                    + " rows without COPY's end-of-data marker");
        }
        if (garbageAfterEnd[0]) {
            return new Scan(fingerprint.rows(), null, "data file " + name + " has data after COPY's end-of-data marker");
        }
        return new Scan(fingerprint.rows(), fingerprint.value(), null);
    }
}
