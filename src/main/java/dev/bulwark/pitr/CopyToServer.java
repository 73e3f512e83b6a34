package dev.bulwark.pitr;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.bulwark.BulwarkException;
import dev.bulwark.ExitCode;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.ServerInfo;

/**
 * Copies one database of a restored cluster into a new database on a named server, so the moment
 * can be inspected next to other data. Never onto production: the target server must differ from
 * the source by system identifier and by address, and the database must not exist yet.
 */
public final class CopyToServer {
    private CopyToServer() {}

    /**
     * Refuses a target that is the production server, before anything is restored: same system
     * identifier as the source, or the same address as the database's url.
     */
    public static void refuseProduction(PgUrl target, PgUrl production, String sourceSystemIdentifier) {
        PgUrl admin = target.withDatabase("postgres");
        String systemIdentifier;
        try (Connection c = Connections.open(admin, "restore target")) {
            systemIdentifier = ServerInfo.of(c).systemIdentifier();
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot read who " + admin.redacted() + " is: " + e.getMessage(), e);
        }
        boolean sameSystem = systemIdentifier != null && systemIdentifier.equals(sourceSystemIdentifier);
        boolean sameAddress = target.host().equalsIgnoreCase(production.host()) && target.port() == production.port();
        if (sameSystem || sameAddress) {
            throw new BulwarkException(ExitCode.USAGE, "refusing to restore into " + target.redacted() + ": it is the production "
                    + "server the backups are taken from (" + (sameSystem ? "system identifier " + systemIdentifier
                    : "same address as the database's url") + "). Restore into a sandbox (the default) or another server");
        }
    }

    /** Creates the target database and loads the restored database into it (owners and grants left out: roles differ). */
    public static void copy(RestoredCluster restored, String database, PgUrl target, PgBinaries binaries) {
        PgUrl admin = target.withDatabase("postgres");
        try (Connection c = Connections.open(admin, "restore target"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + Identifiers.quote(target.database()) + " TEMPLATE template0");
        } catch (SQLException e) {
            throw BulwarkException.usage("cannot create database '" + target.database() + "' on " + admin.redacted() + ": "
                    + e.getMessage() + "; name a database that does not exist yet, with a role that has CREATEDB");
        }
        int major = restored.baseBackup().source().major();
        PgBinaries.Tool pgDump = binaries.require("pg_dump", major, "to copy the restored database");
        PgBinaries.Tool pgRestore = binaries.require("pg_restore", pgDump.major(), "to load the copy");
        Path dump = restored.cluster().dir().resolve("copy.dump");
        PgUrl source = restored.url(database);
        run(List.of(pgDump.path().toString(), "-Fc", "--file=" + dump, "--dbname=" + source.libpqUri(), "--no-password"), source, "pg_dump");
        run(List.of(pgRestore.path().toString(), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname=" + target.libpqUri(),
                "--no-password", dump.toString()), target, "pg_restore");
    }

    private static void run(List<String> command, PgUrl url, String what) {
        ProcessRunner.Result r = ProcessRunner.run(command, Connections.libpqEnv(url), null, Duration.ofHours(12));
        if (!r.ok()) throw BulwarkException.environment(what + " failed while copying the restored database:\n" + r.tail(10));
    }
}
