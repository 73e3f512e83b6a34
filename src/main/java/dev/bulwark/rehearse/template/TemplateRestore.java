package dev.bulwark.rehearse.template;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.Connections;
import dev.bulwark.postgres.Identifiers;
import dev.bulwark.postgres.PgBinaries;
import dev.bulwark.postgres.PgUrl;
import dev.bulwark.postgres.ProcessRunner;
import dev.bulwark.postgres.Sandbox;
import dev.bulwark.rehearse.catalog.Baseline;
import dev.bulwark.repository.Manifest;
import dev.bulwark.verify.DumpRoles;
import dev.bulwark.verify.RestoreDiagnosis;
import dev.bulwark.verify.RestoreProblem;
import dev.bulwark.verify.TocReader;

/**
 * Fills a new template cluster with a backup: the roles the dump names (without login, so ownership and
 * grants restore as in production), the database with the source's encoding, pg_restore of everything,
 * then VACUUM ANALYZE so that every clone starts with hint bits set and planner statistics (a
 * migration's UPDATE plans as it would on a server that has them), and the baseline counts and schema.
 */
final class TemplateRestore {
    private static final Duration TIMEOUT = Duration.ofHours(24);

    record Result(Baseline baseline, long restoreMs, long analyzeMs) {}

    private TemplateRestore() {
    }

    static Result into(TemplateCluster cluster, Manifest manifest, Path dump, PgBinaries.Tool pgRestore, int jobs) {
        Set<String> roles;
        try {
            roles = DumpRoles.of(TocReader.read(dump.resolve("toc.dat")));
        } catch (IOException e) {
            throw BulwarkException.environment("cannot read the table of contents of backup " + manifest.backupId() + ": " + e.getMessage()
                    + "; run 'bulwark verify --backup " + manifest.backupId() + "' to see what is wrong with it", e);
        }
        String encoding = manifest.source().encoding() == null ? "UTF8" : manifest.source().encoding();
        try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
            for (String role : roles) {
                if (!role.equals(Sandbox.SUPERUSER)) st.execute("CREATE ROLE " + Identifiers.quote(role) + " NOLOGIN");
            }
            st.execute("CREATE DATABASE " + TemplateCluster.TEMPLATE_DATABASE + " TEMPLATE template0 ENCODING "
                    + Identifiers.literal(encoding) + " LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot prepare the rehearsal template: " + e.getMessage() + "\nserver log:\n"
                    + cluster.logTail(), e);
        }
        long t0 = System.nanoTime();
        pgRestore(cluster.url(TemplateCluster.TEMPLATE_DATABASE), dump, pgRestore, jobs, manifest.backupId(), cluster);
        long t1 = System.nanoTime();
        try (Connection c = cluster.connect(TemplateCluster.TEMPLATE_DATABASE)) {
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE)");
            }
            long t2 = System.nanoTime();
            return new Result(Baseline.read(c), Duration.ofNanos(t1 - t0).toMillis(), Duration.ofNanos(t2 - t1).toMillis());
        } catch (SQLException e) {
            throw BulwarkException.environment("cannot read the restored template: " + e.getMessage(), e);
        }
    }

    private static void pgRestore(PgUrl target, Path dump, PgBinaries.Tool pgRestore, int jobs, String backupId, TemplateCluster cluster) {
        List<String> cmd = new ArrayList<>(List.of(pgRestore.path().toString(), "--dbname=" + target.libpqUri(), "--no-password",
                "--jobs=" + jobs, "--no-tablespaces", dump.toString()));
        Map<String, String> env = new HashMap<>(Connections.libpqEnv(target));
        env.put("PGAPPNAME", "bulwark-rehearse");
        ProcessRunner.Result r = ProcessRunner.run(cmd, env, null, TIMEOUT);
        List<RestoreProblem> problems = RestoreDiagnosis.diagnose(r.stderr());
        if (r.ok() && problems.isEmpty()) return;
        String why = problems.isEmpty() ? "pg_restore exited with " + r.exitCode() + ":\n" + r.tail(10)
                : String.join("\n", problems.stream().map(p -> p.cause().name().toLowerCase() + ": " + p.what() + " — " + p.hint()
                        + (p.quoted() == null ? "" : "\n" + p.quoted())).toList());
        throw BulwarkException.environment("restoring backup " + backupId + " into the rehearsal template failed:\n" + why
                + "\nserver log:\n" + cluster.logTail());
    }
}
