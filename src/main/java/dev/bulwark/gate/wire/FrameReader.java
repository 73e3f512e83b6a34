package dev.bulwark.gate.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads protocol frames from a stream with bounds on every length, so a hostile or broken peer
 * cannot make the gate allocate without limit.
 */
public final class FrameReader {
    /** Startup packets are small; PostgreSQL itself caps them at 10000 bytes. */
    public static final int MAX_STARTUP = 10_000;

    private final DataInputStream in;
    private final int maxMessage;

    public FrameReader(InputStream in, int maxMessage) {
        this(new DataInputStream(in), maxMessage);
    }

    private FrameReader(DataInputStream in, int maxMessage) {
        this.in = in;
        this.maxMessage = maxMessage;
    }

    /** A reader of the same stream with another size limit (small before login, larger after). */
    public FrameReader withLimit(int limit) {
        return new FrameReader(in, limit);
    }

    /** The untyped first packet of a connection (startup, SSLRequest, GSSENCRequest, CancelRequest). */
    public StartupPacket readStartup() throws IOException {
        int len = in.readInt();
        if (len < 8 || len > MAX_STARTUP) {
            throw new ProtocolException("invalid startup packet length " + len);
        }
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return StartupPacket.parse(body);
    }

    /** The next typed frame, or null at a clean end of stream between frames. */
    public Frame read() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            throw new ProtocolException("connection closed inside a message header");
        }
        if (len < 4) {
            throw new ProtocolException("invalid length " + len + " for message '" + (char) type + "'");
        }
        if (len - 4 > maxMessage) {
            throw new ProtocolException("message '" + (char) type + "' of " + (len - 4) + " bytes exceeds the limit of "
                    + maxMessage);
        }
        byte[] body = new byte[len - 4];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new ProtocolException("connection closed inside message '" + (char) type + "'");
        }
        return new Frame((byte) type, body);
    }
}
