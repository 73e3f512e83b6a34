package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.DatabaseConfig;
import dev.bulwark.postgres.PgUrl;

/** The configured production databases, compared by host, port and database name. */
public final class ProductionDatabases {
    /** One production database: its name in the config and where it lives. */
    public record Endpoint(String name, String host, int port, String database) {
    }

    private final List<Endpoint> endpoints;
    private final boolean configurationUnknown;

    private ProductionDatabases(List<Endpoint> endpoints, boolean configurationUnknown) {
        this.endpoints = List.copyOf(endpoints);
        this.configurationUnknown = configurationUnknown;
    }

    public static ProductionDatabases of(List<Endpoint> endpoints) {
        return new ProductionDatabases(endpoints, false);
    }

    public static ProductionDatabases none() {
        return of(List.of());
    }

    /** The configuration could not be read: fail closed and treat every database as production. */
    public static ProductionDatabases unknownConfiguration() {
        return new ProductionDatabases(List.of(), true);
    }

    /** The databases' {@code url}, and the gate's read-only and write URLs, which reach the same server. */
    public static ProductionDatabases fromConfig(BulwarkConfig config) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<String, DatabaseConfig> db : config.databases().entrySet()) {
            DatabaseConfig c = db.getValue();
            add(endpoints, db.getKey(), c.url());
            if (c.gate() != null) {
                add(endpoints, db.getKey(), c.gate().readonlyUrl());
                add(endpoints, db.getKey(), c.gate().writeUrl());
            }
        }
        return of(endpoints);
    }

    private static void add(List<Endpoint> endpoints, String name, String url) {
        if (url == null) return;
        try {
            PgUrl u = PgUrl.parse(url);
            endpoints.add(new Endpoint(name, u.host(), u.port(), u.database()));
        } catch (IllegalArgumentException unusable) {
            // The config validator reports bad URLs; an unusable one protects nothing here.
        }
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * The configured name of the production database {@code target} reaches, if any. {@code remoteHost}
     * is the machine the client runs on when that is not this one (ssh): "localhost" there means it.
     * A target whose host cannot be known matches when its database name does: the ambiguity is resolved
     * towards production.
     */
    Optional<String> match(PgTarget target, String remoteHost) {
        if (configurationUnknown) return Optional.of("(any: the Bulwark configuration could not be read)");
        if (target.nothingKnown()) return Optional.empty();
        for (Endpoint e : endpoints) {
            if (target.port() != null && target.port() != e.port()) continue;
            if (target.database() != null && !target.database().equals(e.database())) continue;
            if (target.host() == null) {
                if (target.database() != null) return Optional.of(e.name());
                continue;
            }
            String prodHost = normalize(e.host(), null);
            for (String h : target.host().split(",")) {
                if (sameHost(normalize(h.trim(), remoteHost), prodHost)) return Optional.of(e.name());
            }
        }
        return Optional.empty();
    }

    /** Every spelling of "this machine" (loopback, a socket directory, no host) becomes one name. */
    static String normalize(String host, String remoteHost) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        boolean local = h.isEmpty() || h.startsWith("/") || h.startsWith("@") || h.equals("localhost") || h.equals("::1")
                || h.startsWith("127.");
        if (!local) return h;
        return remoteHost == null ? "localhost" : remoteHost.toLowerCase(Locale.ROOT);
    }

    /** {@code db} and {@code db.internal} are taken to be one machine: a short name resolves in the search domain. */
    private static boolean sameHost(String a, String b) {
        if (a.equals(b)) return true;
        boolean aShort = a.indexOf('.') < 0;
        boolean bShort = b.indexOf('.') < 0;
        if (aShort == bShort || Character.isDigit(a.charAt(0)) || Character.isDigit(b.charAt(0))) return false;
        return aShort ? b.startsWith(a + ".") : a.startsWith(b + ".");
    }
}
