package dev.bulwark.gate.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The server messages the gate writes itself (authentication, errors, ready-for-query). */
public final class BackendMessages {
    private BackendMessages() {}

    public static Frame authenticationOk() {
        return new Frame((byte) 'R', int32(0));
    }

    public static Frame authenticationSasl(List<String> mechanisms) {
        Body b = new Body().int32(10);
        mechanisms.forEach(b::cstring);
        return b.cstring("").frame('R');
    }

    public static Frame authenticationSaslContinue(byte[] data) {
        return new Body().int32(11).bytes(data).frame('R');
    }

    public static Frame authenticationSaslFinal(byte[] data) {
        return new Body().int32(12).bytes(data).frame('R');
    }

    public static Frame parameterStatus(String name, String value) {
        return new Body().cstring(name).cstring(value).frame('S');
    }

    public static Frame backendKeyData(int pid, int secret) {
        return new Body().int32(pid).int32(secret).frame('K');
    }

    /** Ready for query with transaction status 'I' (idle), 'T' (in transaction) or 'E' (failed transaction). */
    public static Frame readyForQuery(char status) {
        return new Frame((byte) 'Z', new byte[] {(byte) status});
    }

    public static Frame error(String severity, String sqlState, String message, String detail, String hint) {
        return notice('E', severity, sqlState, message, detail, hint);
    }

    public static Frame notice(String sqlState, String message) {
        return notice('N', "NOTICE", sqlState, message, null, null);
    }

    private static Frame notice(char type, String severity, String sqlState, String message, String detail, String hint) {
        Body b = new Body();
        b.int8('S').cstring(severity).int8('V').cstring(severity).int8('C').cstring(sqlState).int8('M').cstring(message);
        if (detail != null) b.int8('D').cstring(detail);
        if (hint != null) b.int8('H').cstring(hint);
        return b.int8(0).frame(type);
    }

    public static Frame commandComplete(String tag) {
        return new Body().cstring(tag).frame('C');
    }

    public static Frame emptyQueryResponse() {
        return new Frame((byte) 'I', new byte[0]);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** A message body under construction. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body int32(int v) {
            out.writeBytes(BackendMessages.int32(v));
            return this;
        }

        Body int8(int v) {
            out.write(v);
            return this;
        }

        Body cstring(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return this;
        }

        Body bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Frame frame(char type) {
            return new Frame((byte) type, out.toByteArray());
        }
    }
}
