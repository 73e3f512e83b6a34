package dev.bulwark.hooks.judge;

/**
 * The server and database a PostgreSQL client would connect to, worked out as libpq does (options,
 * connection strings and URLs, PG* variables, defaults). A null field could not be known in advance.
 */
record PgTarget(String host, Integer port, String database, String user) {

    boolean nothingKnown() {
        return host == null && port == null && database == null;
    }

    PgTarget withHost(String h) {
        return new PgTarget(h, port, database, user);
    }

    PgTarget withPort(Integer p) {
        return new PgTarget(host, p, database, user);
    }

    PgTarget withDatabase(String d) {
        return new PgTarget(host, port, d, user);
    }

    PgTarget withUser(String u) {
        return new PgTarget(host, port, database, u);
    }

    String describe() {
        return (host == null ? "?" : host.isEmpty() ? "localhost" : host) + ":" + (port == null ? "?" : port) + "/"
                + (database == null ? "?" : database);
    }
}
