package dev.bulwark.verify;

import java.io.IOException;

/**
 * A pg_dump {@code toc.dat} that cannot be parsed: bad magic, an unsupported archive version,
 * truncation, or a length or value no honest pg_dump writes. It is an {@link IOException} because
 * to callers a corrupt archive is one more way reading a backup fails; the offset lets a report
 * point at the damage.
 */
public class TocFormatException extends IOException {
    private final long offset;

    public TocFormatException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** Byte offset in the file where the offending item starts. */
    public long offset() {
        return offset;
    }
}
