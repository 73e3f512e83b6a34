package dev.bulwark.gate.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.PgUrl;

/** The gate's listener: a thread per agent connection (see {@link SessionThreads}), blocking I/O throughout. */
public final class GateServer implements AutoCloseable {
    /** Everything a session needs; policies are made per session because they carry session state. */
    public record Settings(Map<String, PgUrl> readonlyUrls, AgentAuthenticator authenticator, Supplier<StatementPolicy> policies,
                           HoldDesk desk, Upstream.Limits limits, byte[] mockSecret, CancelRegistry cancels, int loginTimeoutMs,
                           int maxConnections, SSLContext tls, SessionThreads threads) {
        public static final int DEFAULT_LOGIN_TIMEOUT_MS = 60_000;
        public static final int DEFAULT_MAX_CONNECTIONS = 200;

        public Settings(Map<String, PgUrl> readonlyUrls, AgentAuthenticator authenticator, Supplier<StatementPolicy> policies,
                        HoldDesk desk, Upstream.Limits limits, byte[] mockSecret) {
            this(Map.copyOf(readonlyUrls), authenticator, policies, desk, limits, mockSecret.clone(), new CancelRegistry(),
                    DEFAULT_LOGIN_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, null, SessionThreads.PLATFORM);
        }

        public Settings withLoginTimeout(int ms) {
            return new Settings(readonlyUrls, authenticator, policies, desk, limits, mockSecret, cancels, ms, maxConnections, tls, threads);
        }

        public Settings withMaxConnections(int max) {
            return new Settings(readonlyUrls, authenticator, policies, desk, limits, mockSecret, cancels, loginTimeoutMs, max, tls, threads);
        }

        /** Offer TLS with this context when a client sends SSLRequest (plain when null). */
        public Settings withTls(SSLContext context) {
            return new Settings(readonlyUrls, authenticator, policies, desk, limits, mockSecret, cancels, loginTimeoutMs,
                    maxConnections, context, threads);
        }

        /** Which threads carry connections (platform by default). */
        public Settings withThreads(SessionThreads kind) {
            return new Settings(readonlyUrls, authenticator, policies, desk, limits, mockSecret, cancels, loginTimeoutMs,
                    maxConnections, tls, kind);
        }
    }

    private final ServerSocket listener;
    private final ExecutorService sessions;
    private final Settings settings;
    private final Thread acceptor;
    private final java.util.concurrent.Semaphore slots;

    private GateServer(ServerSocket listener, Settings settings) {
        this.listener = listener;
        this.settings = settings;
        this.sessions = Executors.newThreadPerTaskExecutor(settings.threads().factory("gate-session"));
        this.slots = new java.util.concurrent.Semaphore(settings.maxConnections());
        this.acceptor = Thread.ofVirtual().name("gate-accept").start(this::accept);
    }

    public static GateServer start(InetSocketAddress address, Settings settings) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 128);
        return new GateServer(listener, settings);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                if (!slots.tryAcquire()) {
                    sessions.submit(() -> GateSession.refuseTooMany(s));
                    continue;
                }
                sessions.submit(() -> {
                    try {
                        new GateSession(s, settings).run();
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (listener.isClosed()) return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sessions.shutdownNow();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
