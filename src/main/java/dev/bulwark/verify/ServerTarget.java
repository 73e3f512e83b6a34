package dev.bulwark.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ServerInfo;
import dev.bulwark.repository.Manifest;

/**
 * A configured verification server. Bulwark restores into a scratch database it creates there and
 * drops afterwards, and refuses outright when the server is the production cluster itself.
 */
final class ServerTarget implements RestoreTarget {
    private final PgUrl admin;
    private final PgUrl scratch;
    private final String version;

    ServerTarget(PgUrl admin, Manifest.Source source) {
        this.admin = admin;
        String name = "bulwark_verify_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try (Connection c = Connections.open(admin, "verification server"); Statement st = c.createStatement()) {
            ServerInfo info = ServerInfo.of(c);
            refuseProduction(info, source);
            this.version = info.version();
            st.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE template0 ENCODING "
                    + Identifiers.literal(source.encoding() == null ? "UTF8" : source.encoding()));
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot create a scratch database on the verification server "
                    + admin.redacted() + ": " + e.getMessage() + "; the role needs CREATEDB", e);
        }
        this.scratch = admin.withDatabase(name);
    }

    private void refuseProduction(ServerInfo target, Manifest.Source source) {
        boolean sameCluster = target.systemIdentifier() != null && source.systemIdentifier() != null
                ? target.systemIdentifier().equals(source.systemIdentifier())
                : Objects.equals(admin.redacted().replaceFirst("^[^@]*@", "").replaceFirst("/.*$", ""),
                        source.url().replaceFirst("^[^@]*@", "").replaceFirst("/.*$", ""));
        if (sameCluster) {
            throw BulwarkException.usage("refusing to restore into " + admin.redacted() + ": it is the production cluster the "
                    + "backup was taken from (system identifier " + source.systemIdentifier() + "). Point verification.url "
                    + "at a separate server, or remove it to verify in a sandbox");
        }
    }

    @Override
    public PgUrl url() {
        return scratch;
    }

    @Override
    public String description() {
        return "verification server " + scratch.redacted();
    }

    @Override
    public String serverVersion() {
        return version;
    }

    @Override
    public List<String> restoreOptions() {
        return List.of();
    }

    @Override
    public String logTail() {
        return null;
    }

    @Override
    public void close() {
        try (Connection c = Connections.open(admin, "verification server"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(scratch.database()) + " WITH (FORCE)");
        } catch (SQLException | BulwarkException e) {
            // Leaving a scratch database behind is untidy but harmless; its name says what it is.
        }
    }
}
