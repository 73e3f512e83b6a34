package dev.bulwark.config;

import java.nio.file.Path;

/**
 * Where the agent gate listens, and where its approvals and audit store lives: a SQLite file
 * (default: {@code bulwark-approvals.db} next to the config file) or a {@code postgresql://}
 * control database. The store holds approvers' second factors: keep it, and the control
 * database's credentials, readable by the people who approve, never by agents. With {@code tls_cert}
 * (PEM chain) and {@code tls_key} (unencrypted PKCS#8 PEM) the gate offers TLS to agents;
 * {@code ddl_approvals: 2} makes schema changes wait for two different approvers; {@code threads}
 * picks what carries each connection ({@code platform}, the default, or {@code virtual}).
 */
public record GateConfig(String listen, StoreLocation store, Path tlsCert, Path tlsKey, Integer ddlApprovals, String threads) {
    /** The thread kinds that can carry agent connections; see the README on the gate's throughput. */
    public static final java.util.List<String> THREAD_KINDS = java.util.List.of("platform", "virtual");
    public static final String DEFAULT_LISTEN = "127.0.0.1:6543";

    /** How many distinct approvers a schema change needs: 1 (default) or 2. */
    public int ddlApprovalsOrDefault() {
        return ddlApprovals == null ? 1 : ddlApprovals;
    }

    public String threadsOrDefault() {
        return threads == null ? THREAD_KINDS.get(0) : threads;
    }

    public String listenOrDefault() {
        return listen == null || listen.isBlank() ? DEFAULT_LISTEN : listen;
    }
}
