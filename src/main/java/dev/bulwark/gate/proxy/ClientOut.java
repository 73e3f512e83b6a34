package dev.bulwark.gate.proxy;

import java.io.IOException;
import java.io.OutputStream;

import dev.bulwark.gate.wire.Frame;

/**
 * The client's side of the socket. Before the proxy loop the session writes whole messages; during
 * it only the upstream relay writes, in chunks that need not end at a message boundary. A relay that
 * stops inside a message abandons the stream, so no later error message lands in the middle of one.
 */
final class ClientOut {
    private final OutputStream out;
    private boolean abandoned;

    ClientOut(OutputStream out) {
        this.out = out;
    }

    synchronized void write(Frame f) throws IOException {
        open();
        f.writeTo(out);
    }

    synchronized void writeRaw(byte[] bytes) throws IOException {
        open();
        out.write(bytes);
    }

    /** Relayed bytes, sent at once: the relay writes what one read returned. */
    synchronized void writeThrough(byte[] bytes, int off, int len) throws IOException {
        open();
        out.write(bytes, off, len);
        out.flush();
    }

    synchronized void flush() throws IOException {
        open();
        out.flush();
    }

    synchronized void abandon() {
        abandoned = true;
    }

    private void open() throws IOException {
        if (abandoned) {
            throw new IOException("the client was left inside a message");
        }
    }
}
