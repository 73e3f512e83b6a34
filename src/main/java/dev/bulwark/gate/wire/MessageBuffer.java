package dev.bulwark.gate.wire;

import java.nio.charset.StandardCharsets;

/** Reads the fields of one message body, failing with a protocol error instead of running past its end. */
public final class MessageBuffer {
    private final byte[] data;
    private int pos;

    public MessageBuffer(byte[] data) {
        this.data = data;
    }

    public int int32() throws ProtocolException {
        need(4, "an int32");
        int v = ((data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public int int16() throws ProtocolException {
        need(2, "an int16");
        int v = (short) (((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    public byte int8() throws ProtocolException {
        need(1, "a byte");
        return data[pos++];
    }

    /** A NUL-terminated string in UTF-8 (the gate requires client_encoding UTF8 for SQL text). */
    public String cstring() throws ProtocolException {
        int end = pos;
        while (end < data.length && data[end] != 0) end++;
        if (end >= data.length) {
            throw new ProtocolException("string not terminated at byte " + pos);
        }
        String s = new String(data, pos, end - pos, StandardCharsets.UTF_8);
        pos = end + 1;
        return s;
    }

    public byte[] bytes(int n) throws ProtocolException {
        if (n < 0) throw new ProtocolException("negative length " + n + " at byte " + pos);
        need(n, n + " bytes");
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) throws ProtocolException {
        if (n < 0) throw new ProtocolException("negative length " + n + " at byte " + pos);
        need(n, n + " bytes");
        pos += n;
    }

    public int remaining() {
        return data.length - pos;
    }

    public void requireEnd(String what) throws ProtocolException {
        if (pos != data.length) {
            throw new ProtocolException(what + " has " + (data.length - pos) + " unexpected trailing bytes");
        }
    }

    private void need(int n, String what) throws ProtocolException {
        if (data.length - pos < n) {
            throw new ProtocolException("message ends where " + what + " was expected at byte " + pos);
        }
    }
}
