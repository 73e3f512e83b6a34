package dev.bulwark.cli;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.gate.approval.ApprovalStore;
import dev.bulwark.gate.audit.AuditLog;
import dev.bulwark.gate.proxy.AgentAuthenticator;
import dev.bulwark.gate.proxy.ClassifierPolicy;
import dev.bulwark.gate.proxy.GateServer;
import dev.bulwark.gate.proxy.SessionThreads;
import dev.bulwark.gate.proxy.StoreHoldDesk;
import dev.bulwark.gate.proxy.TlsContext;
import dev.bulwark.gate.upstream.Upstream;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.PgUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Run the agent gate: a PostgreSQL endpoint where reads pass and every write or DDL is held "
                + "as a change request for a human. Agents log in with 'bulwark agents add' credentials; the gate "
                + "reaches each database with its gate.readonly_url. Runs until stopped (Ctrl-C, SIGTERM)."})
final class GateCommand extends BaseCommand {
    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default: gate.listen, else 127.0.0.1:6543).")
    String listen;

    @Override
    protected ExitCode run() throws Exception {
        BulwarkConfig config = config();
        Map<String, PgUrl> readonly = readonlyUrls(config);
        String address = listen != null ? listen : config.gate() != null ? config.gate().listenOrDefault() : "127.0.0.1:6543";
        InetSocketAddress bind = parse(address);
        ApprovalStore store = approvals(config);
        AuditLog audit = auditLog(config);
        AgentAuthenticator auth = (agent, db) -> store.agent(agent)
                .filter(a -> a.database().equals(db))
                .flatMap(a -> store.agentVerifier(agent));
        byte[] mockSecret = new byte[32];
        new SecureRandom().nextBytes(mockSecret);
        StoreHoldDesk desk = new StoreHoldDesk(store, audit, previewUrls(config, readonly),
                config.gate() == null ? 1 : config.gate().ddlApprovalsOrDefault());
        GateServer.Settings settings = new GateServer.Settings(readonly, auth, ClassifierPolicy::new, desk,
                Upstream.Limits.DEFAULT, mockSecret)
                .withThreads(SessionThreads.parse(config.gate() == null ? null : config.gate().threadsOrDefault()));
        if (config.gate() != null && config.gate().tlsCert() != null) {
            settings = settings.withTls(TlsContext.load(config.gate().tlsCert(), config.gate().tlsKey()));
        }
        GateServer server = GateServer.start(bind, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                desk.close();
                store.close();
                audit.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }, "gate-stop"));
        err().println("bulwark gate listening on " + bind.getHostString() + ":" + server.port() + " for "
                + readonly.keySet() + (settings.tls() != null ? " (TLS offered)" : " (no TLS configured)")
                + "; reads pass, everything else is held for approval");
        err().flush();
        stopped.await();
        return ExitCode.OK;
    }

    private Map<String, PgUrl> readonlyUrls(BulwarkConfig config) {
        Map<String, PgUrl> out = new LinkedHashMap<>();
        for (Map.Entry<String, DatabaseConfig> e : config.databases().entrySet()) {
            Optional.ofNullable(e.getValue().gate()).map(DatabaseConfig.DatabaseGateConfig::readonlyUrl).ifPresent(url ->
                    out.put(e.getKey(), Connections.withSecret(PgUrl.parse(url), null, env())));
        }
        if (out.isEmpty()) {
            throw BulwarkException.usage("no database has gate.readonly_url; add one, e.g. databases.app.gate.readonly_url: "
                    + "postgresql://ai_readonly@db:5432/app");
        }
        return out;
    }

    /** EXPLAIN needs the privileges of the statement, so previews use the write role where there is one. */
    private Map<String, PgUrl> previewUrls(BulwarkConfig config, Map<String, PgUrl> readonly) {
        Map<String, PgUrl> out = new LinkedHashMap<>(readonly);
        readonly.keySet().forEach(name -> Optional.ofNullable(config.databases().get(name).gate().writeUrl())
                .ifPresent(url -> out.put(name, Connections.withSecret(PgUrl.parse(url), null, env()))));
        return out;
    }

    static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        try {
            if (colon < 1) throw new NumberFormatException();
            return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw BulwarkException.usage("'" + address + "' is not HOST:PORT (e.g. 127.0.0.1:6543)");
        }
    }
}
