package dev.bulwark.gate.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.bulwark.gate.wire.StartupPacket;
import dev.bulwark.postgres.PgUrl;

/**
 * Agents see the upstream session's own cancel key, so a CancelRequest sent to the gate is
 * forwarded, unchanged, to the server that session lives on; a key the gate did not hand out is
 * dropped.
 */
public final class CancelRegistry {
    private record Key(int pid, int secret) {}

    private final Map<Key, PgUrl> live = new ConcurrentHashMap<>();

    void register(int pid, int secret, PgUrl server) {
        live.put(new Key(pid, secret), server);
    }

    void unregister(int pid, int secret) {
        live.remove(new Key(pid, secret));
    }

    void forward(StartupPacket.CancelRequest cancel) {
        PgUrl server = live.get(new Key(cancel.processId(), cancel.secretKey()));
        if (server == null) return;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0, 0, 0, 16});
            out.write(int32(StartupPacket.CANCEL_REQUEST));
            out.write(int32(cancel.processId()));
            out.write(int32(cancel.secretKey()));
            out.flush();
        } catch (IOException e) {
            // a cancel is best effort, in PostgreSQL too
        }
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
