package dev.bulwark.gate.wire;

/**
 * Follows the framing of a byte stream that is relayed in arbitrary chunks, without copying it:
 * the relay forwards each chunk as it was read and the scanner only hands over the bodies of the
 * message types someone asked for (ReadyForQuery, ParameterStatus), however the chunks split them.
 */
public final class FrameScanner {
    /** Receives the complete body of each watched message, in stream order. */
    @FunctionalInterface
    public interface Listener {
        void message(char type, byte[] body);
    }

    /** Watched bodies larger than this are skipped rather than buffered (none of the watched types come near it). */
    private static final int MAX_WATCHED_BODY = 1 << 16;

    private final boolean[] watched = new boolean[256];
    private final Listener listener;
    private final byte[] header = new byte[5];
    private int headerFill;
    private int remaining;
    private byte[] body;
    private int bodyFill;

    public FrameScanner(String watchedTypes, Listener listener) {
        for (char c : watchedTypes.toCharArray()) {
            watched[c & 0xff] = true;
        }
        this.listener = listener;
    }

    /** Reads {@code len} bytes of the stream; throws on a length no PostgreSQL message can have. */
    public void scan(byte[] buf, int off, int len) throws ProtocolException {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (headerFill < header.length) {
                header[headerFill++] = buf[i++];
                if (headerFill == header.length) {
                    startBody();
                }
            } else {
                int n = Math.min(remaining, end - i);
                if (body != null) {
                    System.arraycopy(buf, i, body, bodyFill, n);
                    bodyFill += n;
                }
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    endMessage();
                }
            }
        }
    }

    /** True between messages: what was scanned so far ends with a whole message. */
    public boolean atBoundary() {
        return headerFill == 0;
    }

    private void startBody() throws ProtocolException {
        int length = ((header[1] & 0xff) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        if (length < 4) {
            throw new ProtocolException("invalid length " + length + " for message '" + (char) (header[0] & 0xff) + "'");
        }
        remaining = length - 4;
        body = watched[header[0] & 0xff] && remaining <= MAX_WATCHED_BODY ? new byte[remaining] : null;
        bodyFill = 0;
        if (remaining == 0) {
            endMessage();
        }
    }

    private void endMessage() {
        byte[] complete = body;
        headerFill = 0;
        body = null;
        if (complete != null) {
            listener.message((char) (header[0] & 0xff), complete);
        }
    }
}
