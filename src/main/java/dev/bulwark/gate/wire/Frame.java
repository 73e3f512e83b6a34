package dev.bulwark.gate.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * One protocol v3 message as it travels: a type byte and its body (the length word is implied).
 * The gate forwards frames it has classified byte for byte, so they stay in this raw form.
 */
public record Frame(byte type, byte[] body) {

    public char typeChar() {
        return (char) type;
    }

    /** The frame as it goes on the wire: type, length (including itself), body. */
    public byte[] encode() {
        byte[] out = new byte[5 + body.length];
        out[0] = type;
        int len = body.length + 4;
        out[1] = (byte) (len >>> 24);
        out[2] = (byte) (len >>> 16);
        out[3] = (byte) (len >>> 8);
        out[4] = (byte) len;
        System.arraycopy(body, 0, out, 5, body.length);
        return out;
    }

    /** Writes the frame as {@link #encode()} would, without copying the body (for buffered streams). */
    public void writeTo(OutputStream out) throws IOException {
        int len = body.length + 4;
        out.write(new byte[] {type, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        out.write(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Frame[" + typeChar() + ", " + body.length + " bytes]";
    }
}
