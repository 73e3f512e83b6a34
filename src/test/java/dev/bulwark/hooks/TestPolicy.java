package dev.bulwark.hooks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.bulwark.hooks.judge.HookPolicy;
import dev.bulwark.hooks.judge.ProductionDatabases;
import dev.bulwark.hooks.judge.ProductionDatabases.Endpoint;
import dev.bulwark.hooks.judge.ProtectedData;
import dev.bulwark.hooks.judge.ProtectedData.ProtectedPath;
import dev.bulwark.hooks.judge.ProtectedData.S3Location;
import dev.bulwark.hooks.judge.UnapprovedPlans;

/**
 * The policy the command tables run against: production is app on db.internal:5432 and shop on
 * localhost:5433; the repository is /var/lib/bulwark (and, for the S3 cases, s3://acme-backups/bulwark);
 * the agent works in /home/dev/project with DATABASE_URL pointing at production.
 */
public final class TestPolicy {
    public static final Path CWD = Path.of("/home/dev/project");

    private TestPolicy() {
    }

    public static HookPolicy standard() {
        ProductionDatabases production = ProductionDatabases.of(List.of(new Endpoint("app", "db.internal", 5432, "app"),
                new Endpoint("shop", "localhost", 5433, "shop")));
        ProtectedData data = new ProtectedData(List.of(new ProtectedPath(Path.of("/var/lib/bulwark"), "the Bulwark repository"),
                new ProtectedPath(Path.of("/etc/bulwark/bulwark-approvals.db"), "the approvals and audit store")),
                S3Location.parse("s3://acme-backups/bulwark", "the Bulwark repository"));
        Map<String, String> env = Map.of("HOME", "/home/dev", "USER", "dev", "PATH", "/usr/local/bin:/usr/bin:/bin",
                "DATABASE_URL", "postgresql://app@db.internal:5432/app", "SCRATCH_URL", "postgresql://dev@localhost:5432/scratch");
        return new HookPolicy(production, data, new UnapprovedPlans(), env);
    }
}
