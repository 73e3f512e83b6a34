package dev.bulwark.gate.proxy;

import java.io.IOException;
import java.io.OutputStream;

import dev.bulwark.gate.wire.Frame;

/** The client's side of the socket; the upstream pump and the session thread both write to it. */
final class ClientOut {
    private final OutputStream out;

    ClientOut(OutputStream out) {
        this.out = out;
    }

    synchronized void write(Frame f) throws IOException {
        out.write(f.encode());
    }

    synchronized void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    synchronized void flush() throws IOException {
        out.flush();
    }
}
