package dev.bulwark.verify;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Cuts a byte stream into lines ('\n' removed) and hands each to a consumer without copying when
 * the line lies within one write. COPY text format has exactly one line per row: newlines inside
 * values are escaped.
 */
public class LineSplitter extends OutputStream {
    /** Receives one line; the array is only valid during the call. */
    public interface LineConsumer {
        void line(byte[] buf, int off, int len);
    }

    private final LineConsumer consumer;
    private byte[] pending = new byte[256];
    private int pendingLen;

    public LineSplitter(LineConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (buf[i] != '\n') continue;
            if (pendingLen > 0) {
                append(buf, start, i - start);
                consumer.line(pending, 0, pendingLen);
                pendingLen = 0;
            } else {
                consumer.line(buf, start, i - start);
            }
            start = i + 1;
        }
        if (start < end) append(buf, start, end - start);
    }

    /** Bytes after the last newline: a line without its end, which COPY never produces. */
    public int unterminatedBytes() {
        return pendingLen;
    }

    private void append(byte[] buf, int off, int len) {
        if (pendingLen + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + len));
        }
        System.arraycopy(buf, off, pending, pendingLen, len);
        pendingLen += len;
    }
}
