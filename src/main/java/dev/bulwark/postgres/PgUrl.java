package dev.bulwark.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A libpq connection URI ({@code postgresql://user:secret@host:port/db?sslmode=require}) split
 * into its parts, so that the password can travel separately (PGPASSWORD, JDBC properties) and
 * never shows up on a command line, in a log or in a report.
 */
public record PgUrl(String host, int port, String database, String user, String password, Map<String, String> params) {

    public PgUrl {
        params = Map.copyOf(params);
    }

    public static PgUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("is missing");
        }
        String rest;
        if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("must be a URL like postgresql://user@host:5432/dbname");
        }
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String kv : rest.substring(q + 1).split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("has a malformed parameter '" + kv + "'");
                params.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
            rest = rest.substring(0, q);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        int slash = rest.indexOf('/');
        String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
        String host = hostPort;
        int port = 5432;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("has a port that is not a number: '" + hostPort.substring(colon + 1) + "'");
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("has a port out of range: " + port);
        }
        if (host.isEmpty()) {
            host = params.getOrDefault("host", "localhost");
        }
        if (database.isEmpty()) {
            database = params.getOrDefault("dbname", user != null ? user : "postgres");
        }
        params.remove("host");
        params.remove("dbname");
        if (params.containsKey("password")) {
            password = params.remove("password");
        }
        if (params.containsKey("user")) {
            user = params.remove("user");
        }
        return new PgUrl(host, port, database, user, password, params);
    }

    public PgUrl withDatabase(String db) {
        return new PgUrl(host, port, db, user, password, params);
    }

    public PgUrl withPassword(String pw) {
        return new PgUrl(host, port, database, user, pw, params);
    }

    /** The URI for libpq tools, without the password: pass that as PGPASSWORD. */
    public String libpqUri() {
        StringBuilder sb = new StringBuilder("postgresql://");
        if (user != null) sb.append(encode(user)).append('@');
        sb.append(host.startsWith("/") ? "" : host).append(':').append(port).append('/').append(encode(database));
        Map<String, String> all = new LinkedHashMap<>(params);
        if (host.startsWith("/")) all.put("host", host);
        if (!all.isEmpty()) {
            sb.append('?').append(all.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
        }
        return sb.toString();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + encode(database);
    }

    /** Connection properties for pgjdbc; libpq-only parameters that pgjdbc knows pass through. */
    public Properties jdbcProperties() {
        Properties p = new Properties();
        params.forEach(p::setProperty);
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("ApplicationName", params.getOrDefault("application_name", "bulwark"));
        return p;
    }

    /** What reports and errors show: everything but the password. */
    public String redacted() {
        return (user != null ? user + "@" : "") + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
