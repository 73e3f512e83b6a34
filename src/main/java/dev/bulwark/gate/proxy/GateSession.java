package dev.bulwark.gate.proxy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLSocket;

import dev.bulwark.gate.approval.ScramException;
import dev.bulwark.gate.approval.ScramServer;
import dev.bulwark.gate.approval.ScramVerifier;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.gate.wire.BackendMessages;
import dev.bulwark.gate.wire.Deadline;
import dev.bulwark.gate.wire.Frame;
import dev.bulwark.gate.wire.FrameReader;
import dev.bulwark.gate.wire.MessageBuffer;
import dev.bulwark.gate.wire.ProtocolException;
import dev.bulwark.gate.wire.StartupPacket;
import dev.bulwark.postgres.PgUrl;

/**
 * One agent connection: startup, SCRAM login against the approvals store, the gate's own
 * upstream session with the read-only role, then the proxy loop. Errors before the loop end the
 * connection with a FATAL the client can read.
 */
final class GateSession implements Runnable {
    /** Startup settings an agent may pass on; everything else (options, roles, read-only flags) stays here. */
    static final Set<String> PASSED_PARAMETERS = Set.of("application_name", "DateStyle", "TimeZone", "extra_float_digits",
            "IntervalStyle");
    private static final int MAX_MESSAGE = 64 << 20;
    /** PostgreSQL caps what an unauthenticated client may send (PG_MAX_AUTH_TOKEN_LENGTH). */
    private static final int MAX_LOGIN_MESSAGE = 65_535;

    private final Socket socket;
    private final GateServer.Settings settings;

    GateSession(Socket socket, GateServer.Settings settings) {
        this.socket = socket;
        this.settings = settings;
    }

    @Override
    public void run() {
        Socket s = socket;
        try (Deadline login = Deadline.after(settings.loginTimeoutMs(), socket)) {
            s.setTcpNoDelay(true);
            BufferedInputStream raw = new BufferedInputStream(s.getInputStream(), 1 << 16);
            FrameReader in = new FrameReader(raw, MAX_LOGIN_MESSAGE);
            ClientOut out = new ClientOut(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
            try {
                StartupPacket packet = in.readStartup();
                for (int i = 0; i < 2 && (packet instanceof StartupPacket.SslRequest || packet instanceof StartupPacket.GssEncRequest); i++) {
                    if (packet instanceof StartupPacket.SslRequest && settings.tls() != null && !(s instanceof SSLSocket)) {
                        out.writeRaw(new byte[] {'S'});
                        out.flush();
                        s = tls(s);
                        in = new FrameReader(new BufferedInputStream(s.getInputStream(), 1 << 16), MAX_LOGIN_MESSAGE);
                        out = new ClientOut(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                    } else {
                        out.writeRaw(new byte[] {'N'}); // this encryption is not offered: the client may go on in plain
                        out.flush();
                    }
                    packet = in.readStartup();
                }
                serve(packet, s, in, out, login);
            } catch (IOException e) {
                if (login.expired()) {
                    fatal(out, "08006", "bulwark: login took too long");
                } else if (e instanceof ProtocolException) {
                    fatal(out, "08P01", "bulwark: " + e.getMessage());
                }
                // otherwise the client went away; nothing to tell it
            } catch (ScramException e) {
                fatal(out, "28000", "bulwark: " + e.getMessage());
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        } finally {
            try {
                s.close();
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The TLS handshake on the client's socket, after the 'S' answer to its SSLRequest. */
    private SSLSocket tls(Socket plain) throws IOException {
        SSLSocket ssl = (SSLSocket) settings.tls().getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        return ssl;
    }

    private void serve(StartupPacket packet, Socket s, FrameReader in, ClientOut out, Deadline login) throws IOException {
        switch (packet) {
            case StartupPacket.CancelRequest c -> settings.cancels().forward(c);
            case StartupPacket.Startup startup -> session(startup, s, in, out, login);
            default -> throw new ProtocolException("encryption requested twice");
        }
    }

    private void session(StartupPacket.Startup startup, Socket s, FrameReader in, ClientOut out, Deadline login)
            throws IOException {
        String agent = startup.user();
        String database = startup.database();
        PgUrl readonly = settings.readonlyUrls().get(database);
        Optional<ScramVerifier> verifier = settings.authenticator().verifier(agent, database);
        if (!login(agent, verifier, in, out) || readonly == null) {
            fatal(out, "28P01", "password authentication failed for user \"" + agent + "\"");
            return;
        }
        Map<String, String> passed = new LinkedHashMap<>();
        startup.parameters().forEach((k, v) -> {
            if (PASSED_PARAMETERS.contains(k)) passed.put(k, v);
        });
        passed.putIfAbsent("application_name", "bulwark-gate:" + agent);
        // The classifier reads SQL as UTF-8; an encoding where a quote or backslash byte can sit
        // inside a multibyte character (SJIS, BIG5, GBK) would let the server read it otherwise.
        passed.put("client_encoding", "UTF8");
        Upstream upstream;
        try {
            upstream = Upstream.connect(readonly, passed, settings.limits());
        } catch (IOException e) {
            fatal(out, "08006", "bulwark: the gate cannot reach database \"" + database + "\": " + e.getMessage());
            return;
        }
        try {
            out.write(BackendMessages.authenticationOk());
            for (Map.Entry<String, String> p : upstream.parameters().entrySet()) {
                out.write(BackendMessages.parameterStatus(p.getKey(), p.getValue()));
            }
            out.write(BackendMessages.backendKeyData(upstream.processId(), upstream.secretKey()));
            out.write(BackendMessages.readyForQuery('I'));
            out.flush();
            login.close();
        } catch (IOException | RuntimeException e) {
            upstream.close(); // the client left between login and its first query
            throw e;
        }
        settings.cancels().register(upstream.processId(), upstream.secretKey(), readonly);
        try {
            HoldDesk.SessionInfo info = new HoldDesk.SessionInfo(agent, database, String.valueOf(s.getRemoteSocketAddress()));
            new ProxyLoop(in.withLimit(MAX_MESSAGE), out, upstream, settings.policies().get(), settings.desk(), info)
                    .run(settings.threads());
        } finally {
            settings.cancels().unregister(upstream.processId(), upstream.secretKey());
        }
    }

    /** SCRAM-SHA-256 against the stored verifier; an unknown agent gets an exchange that can only fail. */
    private boolean login(String agent, Optional<ScramVerifier> verifier, FrameReader in, ClientOut out) throws IOException {
        ScramServer scram = verifier.map(ScramServer::new).orElseGet(() -> ScramServer.forUnknownUser(agent, settings.mockSecret()));
        out.write(BackendMessages.authenticationSasl(java.util.List.of("SCRAM-SHA-256")));
        out.flush();
        MessageBuffer first = new MessageBuffer(expectPassword(in).body());
        String mechanism = first.cstring();
        if (!mechanism.equals("SCRAM-SHA-256")) {
            throw new ProtocolException("unsupported SASL mechanism " + mechanism);
        }
        int len = first.int32();
        String clientFirst = new String(first.bytes(len), StandardCharsets.UTF_8);
        out.write(BackendMessages.authenticationSaslContinue(scram.firstMessage(clientFirst).getBytes(StandardCharsets.UTF_8)));
        out.flush();
        Frame last = expectPassword(in);
        ScramServer.FinalResult result = scram.finalMessage(new String(last.body(), StandardCharsets.UTF_8));
        if (!result.authenticated()) return false;
        out.write(BackendMessages.authenticationSaslFinal(result.message().getBytes(StandardCharsets.UTF_8)));
        return true;
    }

    private static Frame expectPassword(FrameReader in) throws IOException {
        Frame f = in.read();
        if (f == null) throw new IOException("client left during login");
        if (f.typeChar() != 'p') throw new ProtocolException("expected a SASL response, got '" + f.typeChar() + "'");
        return f;
    }

    /** Beyond the connection cap: the startup is read (briefly) only to answer in the client's protocol. */
    static void refuseTooMany(Socket socket) {
        try (Socket s = socket) {
            s.setSoTimeout(5_000);
            ClientOut out = new ClientOut(new BufferedOutputStream(s.getOutputStream()));
            fatal(out, "53300", "bulwark: too many connections to the gate");
        } catch (IOException ignored) {
            // nothing to tell a client that is gone
        }
    }

    private static void fatal(ClientOut out, String sqlState, String message) {
        try {
            out.write(BackendMessages.error("FATAL", sqlState, message, null, null));
            out.flush();
        } catch (IOException ignored) {
            // client gone
        }
    }
}
