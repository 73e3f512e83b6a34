package dev.bulwark.hooks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bulwark.config.BulwarkConfig;
import dev.bulwark.config.StoreLocation;
import dev.bulwark.hooks.judge.HookPolicy;
import dev.bulwark.hooks.judge.ProductionDatabases;
import dev.bulwark.hooks.judge.ProtectedData;
import dev.bulwark.hooks.judge.ProtectedData.ProtectedPath;
import dev.bulwark.hooks.judge.ProtectedData.S3Location;
import dev.bulwark.hooks.judge.UnapprovedPlans;

/** The hook's policy from Bulwark's configuration, or the fail-closed policy when there is none. */
public final class HookPolicies {
    private HookPolicies() {
    }

    /**
     * Production databases from {@code databases.*.url} (and the gate's URLs); protected: the repository
     * ({@code repository.path}, local or S3), the approvals and audit store (a SQLite file with its side
     * files, or a control database, which then counts as production) and the configuration file.
     */
    public static HookPolicy fromConfig(BulwarkConfig config, StoreLocation store, Path configFile, Map<String, String> env) {
        List<ProtectedPath> paths = new ArrayList<>();
        S3Location bucket = null;
        String repository = config.repository() == null ? null : config.repository().path();
        if (repository != null && repository.startsWith("s3://")) {
            bucket = S3Location.parse(repository, "the Bulwark repository");
        } else if (repository != null && !repository.isBlank()) {
            paths.add(new ProtectedPath(Path.of(repository), "the Bulwark repository"));
        }
        List<ProductionDatabases.Endpoint> production = new ArrayList<>(ProductionDatabases.fromConfig(config).endpoints());
        switch (store) {
            case StoreLocation.SqliteFile sqlite -> {
                Path file = sqlite.file().toAbsolutePath();
                for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                    paths.add(new ProtectedPath(file.resolveSibling(file.getFileName() + suffix), "the approvals and audit store"));
                }
            }
            case StoreLocation.ControlDatabase db -> production.add(new ProductionDatabases.Endpoint(
                    "the approvals and audit store", db.url().host(), db.url().port(), db.url().database()));
            case null -> {
            }
        }
        if (configFile != null) paths.add(new ProtectedPath(configFile, "the Bulwark configuration"));
        return new HookPolicy(ProductionDatabases.of(production), new ProtectedData(paths, bucket), new UnapprovedPlans(), env);
    }

    /** No configuration: the generic rules still apply; no database is known to be production. */
    public static HookPolicy withoutConfig(Map<String, String> env) {
        return new HookPolicy(ProductionDatabases.none(), ProtectedData.NONE, new UnapprovedPlans(), env);
    }

    /** A configuration that cannot be read: every database may be production. */
    public static HookPolicy unreadableConfig(Map<String, String> env) {
        return new HookPolicy(ProductionDatabases.unknownConfiguration(), ProtectedData.NONE, new UnapprovedPlans(), env);
    }
}
