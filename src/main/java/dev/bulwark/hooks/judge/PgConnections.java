package dev.bulwark.hooks.judge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulwark.postgres.PgUrl;

/**
 * Works out where a PostgreSQL client connects, the way libpq does: PG* variables, then options
 * ({@code -h -p -U -d}), then a connection URL or {@code key=value} string given as the database name;
 * the database defaults to the user's name. A value that cannot be known leaves that part unknown.
 */
final class PgConnections {
    private static final Pattern CONNINFO = Pattern.compile("(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S+)");
    /** Options of the PostgreSQL client programs that take a value (psql's, pg_dump's and pg_restore's). */
    static final Options PSQL = Options.permuting().value("c", "command").value("d", "dbname").value("f", "file")
            .value("F", "field-separator").value("h", "host").value("L", "log-file").value("o", "output").value("p", "port")
            .value("P", "pset").value("R", "record-separator").value("T", "table-attr").value("U", "username")
            .value("v", "set", "variable").flag("l", "list");
    static final Options DUMP_RESTORE = Options.permuting().flag("c", "clean").flag("l", "list")
            .value("d", "dbname").value("f", "file").value("F", "format").value("j", "jobs").value("n", "schema")
            .value("N", "exclude-schema").value("t", "table").value("T", "exclude-table").value("Z", "compress")
            .value("h", "host").value("p", "port").value("U", "username").value("E", "encoding").value("L", "use-list")
            .value("I", "index").value("P", "function").value("S", "superuser").value("role").value("maintenance-db");

    private PgConnections() {
    }

    /** What the client will reach, from its options and the database and user named as operands (either may be null). */
    static PgTarget resolve(Invocation call, Options.Parsed options, Arg databaseOperand, Arg userOperand) {
        PgTarget t = fromEnvironment(call);
        t = option(t, options.value("h"), Part.HOST);
        t = option(t, options.value("p"), Part.PORT);
        t = option(t, options.value("U") != null ? options.value("U") : userOperand, Part.USER);
        Arg database = options.value("d") != null ? options.value("d") : databaseOperand;
        boolean databaseNamed = database != null || call.env("PGDATABASE") != null || unknown(call, "PGDATABASE");
        if (database != null) t = database(t, database);
        if (!databaseNamed) t = t.withDatabase(t.user());
        return t;
    }

    private enum Part { HOST, PORT, USER }

    private static PgTarget fromEnvironment(Invocation call) {
        if (call.env("PGSERVICE") != null || unknown(call, "PGSERVICE")) return new PgTarget(null, null, null, null);
        String host = unknown(call, "PGHOST") ? null : orDefault(call.env("PGHOST"), "");
        Integer port = unknown(call, "PGPORT") ? null : port(orDefault(call.env("PGPORT"), "5432"));
        String user = unknown(call, "PGUSER") ? null : call.env("PGUSER");
        if (user == null && !unknown(call, "PGUSER")) user = defaultUser(call);
        String database = unknown(call, "PGDATABASE") ? null : call.env("PGDATABASE");
        return new PgTarget(host, port, database, user);
    }

    private static String defaultUser(Invocation call) {
        if (call.state().user() != null) return call.state().user();
        if (call.state().remoteHost() != null) return null;
        String user = call.env("USER");
        if (user == null) user = call.env("LOGNAME");
        return user != null ? user : System.getProperty("user.name");
    }

    private static PgTarget option(PgTarget t, Arg value, Part part) {
        if (value == null) return t;
        String v = value.known();
        return switch (part) {
            case HOST -> t.withHost(v);
            case PORT -> t.withPort(v == null ? null : port(v));
            case USER -> t.withUser(v);
        };
    }

    /** A database name, or a whole connection string or URL in its place. */
    static PgTarget database(PgTarget t, Arg database) {
        String text = database.text();
        boolean connectionString = text.contains("=") || text.startsWith("postgres://") || text.startsWith("postgresql://");
        if (database.dynamic()) return connectionString ? new PgTarget(null, null, null, t.user()) : t.withDatabase(null);
        if (!connectionString) return t.withDatabase(text);
        if (text.startsWith("postgres")) {
            try {
                PgUrl url = PgUrl.parse(text);
                return new PgTarget(url.host(), url.port(), url.database(), url.user() != null ? url.user() : t.user());
            } catch (IllegalArgumentException e) {
                return new PgTarget(null, null, null, t.user());
            }
        }
        Matcher m = CONNINFO.matcher(text);
        while (m.find()) {
            String value = m.group(2).startsWith("'") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            t = switch (m.group(1)) {
                case "host", "hostaddr" -> t.withHost(value);
                case "port" -> t.withPort(port(value));
                case "dbname" -> t.withDatabase(value);
                case "user" -> t.withUser(value);
                case "service" -> new PgTarget(null, null, null, t.user());
                default -> t;
            };
        }
        return t;
    }

    private static boolean unknown(Invocation call, String name) {
        return call.env(name) == null && call.isUnknown(name);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static Integer port(String text) {
        try {
            return Integer.parseInt(text.split(",")[0].trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
