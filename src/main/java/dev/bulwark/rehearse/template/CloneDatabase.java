package dev.bulwark.rehearse.template;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgUrl;

/**
 * A fresh copy of the template for one rehearsal, made with CREATE DATABASE ... TEMPLATE (a file copy:
 * seconds for a gigabyte, where a restore takes minutes) and dropped when the rehearsal ends.
 */
public final class CloneDatabase implements AutoCloseable {
    static final String PREFIX = "rehearsal_";

    private final TemplateCluster cluster;
    private final String name;
    private final long createMs;

    private CloneDatabase(TemplateCluster cluster, String name, long createMs) {
        this.cluster = cluster;
        this.name = name;
        this.createMs = createMs;
    }

    static CloneDatabase of(TemplateCluster cluster) {
        String name = PREFIX + ProcessHandle.current().pid() + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        long t0 = System.nanoTime();
        try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
            // FILE_COPY (PostgreSQL 15+) copies the files once; the default WAL_LOG would write the whole copy to WAL too.
            st.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE " + TemplateCluster.TEMPLATE_DATABASE
                    + (cluster.server().major() >= 15 ? " STRATEGY FILE_COPY" : ""));
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot copy the rehearsal template into a new database: " + e.getMessage()
                    + "\nserver log:\n" + cluster.logTail(), e);
        }
        return new CloneDatabase(cluster, name, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Drops copies left by rehearsals that were killed before they could drop their own. */
    static void dropLeftovers(TemplateCluster cluster) throws SQLException {
        try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'rehearsal\\_%'")) {
                while (rs.next()) names.add(rs.getString(1));
            }
            for (String n : names) st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(n) + " WITH (FORCE)");
        }
    }

    public PgUrl url() {
        return cluster.url(name);
    }

    public String name() {
        return name;
    }

    public long createMs() {
        return createMs;
    }

    @Override
    public void close() {
        try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            // the next rehearsal drops leftover copies before it starts
        }
    }
}
