package dev.bulwark.gate.upstream;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.bulwark.gate.wire.Deadline;
import dev.bulwark.gate.wire.Frame;
import dev.bulwark.gate.wire.FrameReader;
import dev.bulwark.gate.wire.MessageBuffer;
import dev.bulwark.gate.wire.PeekableInput;
import dev.bulwark.gate.wire.ProtocolException;
import dev.bulwark.gate.wire.StartupPacket;
import dev.bulwark.postgres.PgUrl;

/**
 * The gate's own connection to the real server, made with the read-only role and the gate's own
 * startup parameters: whatever the agent put in its startup packet, the upstream session is
 * read-only by default and bounded by timeouts.
 */
public final class Upstream implements AutoCloseable {
    /** Connecting and logging in to the database together; a server that does neither in time is unreachable. */
    private static final int LOGIN_TIMEOUT_MS = 10_000;
    private static final int MAX_MESSAGE = 256 << 20;

    private final Socket socket;
    private final PeekableInput buffer;
    private final FrameReader reader;
    private final OutputStream out;
    private final Map<String, String> parameters;
    private final int processId;
    private final int secretKey;

    private Upstream(Socket socket, PeekableInput buffer, FrameReader reader, OutputStream out,
                     Map<String, String> parameters, int processId, int secretKey) {
        this.socket = socket;
        this.buffer = buffer;
        this.reader = reader;
        this.out = out;
        this.parameters = parameters;
        this.processId = processId;
        this.secretKey = secretKey;
    }

    /** Session settings every upstream connection gets, whatever the agent asked for. */
    public record Limits(String statementTimeout, String idleInTransactionTimeout, String lockTimeout) {
        public static final Limits DEFAULT = new Limits("60s", "5min", "5s");

        String options() {
            return "-c default_transaction_read_only=on -c statement_timeout=" + statementTimeout
                    + " -c idle_in_transaction_session_timeout=" + idleInTransactionTimeout + " -c lock_timeout=" + lockTimeout;
        }
    }

    /**
     * Connects and logs in. {@code clientParameters} are the agent's allow-listed startup
     * settings (application_name, DateStyle…); user, database and options are always the gate's.
     */
    public static Upstream connect(PgUrl url, Map<String, String> clientParameters, Limits limits) throws IOException {
        Socket socket = new Socket();
        // Not a timed connect nor SO_TIMEOUT: either leaves the socket non-blocking for good (see Deadline).
        try (Deadline deadline = Deadline.after(LOGIN_TIMEOUT_MS, socket)) {
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(url.host(), url.port()));
                PeekableInput buffer = new PeekableInput(socket.getInputStream(), 1 << 16);
                FrameReader reader = new FrameReader(buffer, MAX_MESSAGE);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                Map<String, String> params = new LinkedHashMap<>(clientParameters);
                params.put("user", url.user());
                params.put("database", url.database());
                params.put("options", limits.options());
                out.write(startupPacket(params));
                out.flush();
                return login(socket, buffer, reader, out, url);
            } catch (IOException | RuntimeException e) {
                socket.close();
                if (deadline.expired()) {
                    throw new SocketTimeoutException("no connection and login within " + LOGIN_TIMEOUT_MS / 1000 + " s");
                }
                throw e;
            }
        }
    }

    private static Upstream login(Socket socket, PeekableInput buffer, FrameReader reader, OutputStream out, PgUrl url)
            throws IOException {
        ScramClient scram = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        int pid = 0;
        int secret = 0;
        while (true) {
            Frame f = reader.read();
            if (f == null) throw new IOException("the server closed the connection during login");
            MessageBuffer b = new MessageBuffer(f.body());
            switch (f.typeChar()) {
                case 'R' -> {
                    int code = b.int32();
                    try {
                        scram = authenticate(code, b, out, url, scram);
                    } catch (GeneralSecurityException e) {
                        throw new IOException("login to " + url.redacted() + " failed: " + e.getMessage(), e);
                    }
                }
                case 'S' -> parameters.put(b.cstring(), b.cstring());
                case 'K' -> {
                    pid = b.int32();
                    secret = b.int32();
                }
                case 'Z' -> {
                    return new Upstream(socket, buffer, reader, out, parameters, pid, secret);
                }
                case 'E' -> throw new IOException("login to " + url.redacted() + " refused: " + errorText(f));
                case 'N', 'v' -> { /* notices and protocol negotiation carry nothing we need */ }
                default -> throw new ProtocolException("unexpected message '" + f.typeChar() + "' during login");
            }
        }
    }

    private static ScramClient authenticate(int code, MessageBuffer b, OutputStream out, PgUrl url, ScramClient scram)
            throws IOException, GeneralSecurityException {
        String password = url.password() == null ? "" : url.password();
        switch (code) {
            case 0 -> { return scram; }
            case 3 -> send(out, 'p', cstring(password));
            case 5 -> send(out, 'p', cstring("md5" + md5Hex(md5Hex(password + url.user()).getBytes(StandardCharsets.UTF_8),
                    b.bytes(4))));
            case 10 -> {
                boolean offered = false;
                for (String m = b.cstring(); !m.isEmpty(); m = b.cstring()) offered |= m.equals("SCRAM-SHA-256");
                if (!offered) throw new GeneralSecurityException("the server offers no SCRAM-SHA-256");
                ScramClient client = new ScramClient(password);
                byte[] first = client.clientFirst().getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                body.writeBytes(cstring("SCRAM-SHA-256"));
                body.writeBytes(int32(first.length));
                body.writeBytes(first);
                send(out, 'p', body.toByteArray());
                return client;
            }
            case 11 -> {
                if (scram == null) throw new GeneralSecurityException("SASL continue without a SASL start");
                String serverFirst = new String(b.bytes(b.remaining()), StandardCharsets.UTF_8);
                send(out, 'p', scram.clientFinal(serverFirst).getBytes(StandardCharsets.UTF_8));
            }
            case 12 -> {
                if (scram == null) throw new GeneralSecurityException("SASL final without a SASL start");
                scram.verifyServerFinal(new String(b.bytes(b.remaining()), StandardCharsets.UTF_8));
            }
            default -> throw new GeneralSecurityException("unsupported authentication method " + code);
        }
        return scram;
    }

    public Frame read() throws IOException {
        return reader.read();
    }

    public void write(Frame frame) throws IOException {
        frame.writeTo(out);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The server's byte stream after login (including anything already buffered), for a relay; call once. */
    public InputStream input() throws IOException {
        return buffer.handOver();
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public int processId() {
        return processId;
    }

    public int secretKey() {
        return secretKey;
    }

    @Override
    public void close() throws IOException {
        try {
            out.write(new Frame((byte) 'X', new byte[0]).encode());
            out.flush();
        } catch (IOException ignored) {
            // the server may already be gone; the socket closes regardless
        }
        socket.close();
    }

    static String errorText(Frame f) {
        try {
            MessageBuffer b = new MessageBuffer(f.body());
            String message = null;
            String code = null;
            for (byte field = b.int8(); field != 0; field = b.int8()) {
                String value = b.cstring();
                if (field == 'M') message = value;
                if (field == 'C') code = value;
            }
            return message + (code == null ? "" : " (SQLSTATE " + code + ")");
        } catch (ProtocolException e) {
            return "(unreadable error message)";
        }
    }

    private static byte[] startupPacket(Map<String, String> params) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(int32(StartupPacket.PROTOCOL_3));
        params.forEach((k, v) -> {
            body.writeBytes(cstring(k));
            body.writeBytes(cstring(v));
        });
        body.write(0);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(int32(b.length + 4));
        packet.writeBytes(b);
        return packet.toByteArray();
    }

    private static void send(OutputStream out, char type, byte[] body) throws IOException {
        out.write(new Frame((byte) type, body).encode());
        out.flush();
    }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String md5Hex(String s) {
        return md5Hex(s.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private static String md5Hex(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(a);
            md.update(b);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
