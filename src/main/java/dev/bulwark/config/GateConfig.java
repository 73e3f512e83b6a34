package dev.bulwark.config;

import java.nio.file.Path;

/**
 * Where the agent gate listens, and where its approvals and audit store lives (default:
 * {@code bulwark-approvals.db} next to the config file). The store holds approvers' second
 * factors: keep it readable by the people who approve, never by agents. With {@code tls_cert}
 * (PEM chain) and {@code tls_key} (unencrypted PKCS#8 PEM) the gate offers TLS to agents.
 */
public record GateConfig(String listen, Path store, Path tlsCert, Path tlsKey) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:6543";

    public String listenOrDefault() {
        return listen == null || listen.isBlank() ? DEFAULT_LISTEN : listen;
    }
}
