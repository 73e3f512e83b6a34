package dev.bulwark.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulwark.BulwarkException;

/** The whole of {@code bulwark.yaml}; see DESIGN.md for the reference. */
public record BulwarkConfig(
        Map<String, DatabaseConfig> databases,
        RepositoryConfig repository,
        VerificationConfig verification,
        GateConfig gate,
        List<AgentConfig> agents,
        TerraformConfig terraform) {

    public BulwarkConfig {
        databases = databases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(databases));
        verification = verification == null ? VerificationConfig.DEFAULT : verification;
        agents = agents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(agents));
        terraform = terraform == null ? new TerraformConfig(null) : terraform;
    }

    /** A configuration without a {@code terraform:} section. */
    public BulwarkConfig(Map<String, DatabaseConfig> databases, RepositoryConfig repository, VerificationConfig verification,
                         GateConfig gate, List<AgentConfig> agents) {
        this(databases, repository, verification, gate, agents, null);
    }

    /** The named database, or the only one when no name is given. */
    public NamedDatabase database(String name) {
        if (name == null) {
            if (databases.size() == 1) {
                var only = databases.entrySet().iterator().next();
                return new NamedDatabase(only.getKey(), only.getValue());
            }
            throw BulwarkException.usage(databases.isEmpty()
                    ? where() + "defines no databases; add one under 'databases:'"
                    : where() + "defines several databases " + databases.keySet() + "; choose one with --db NAME");
        }
        DatabaseConfig db = databases.get(name);
        if (db == null) {
            throw BulwarkException.usage("no database '" + name + "' in " + where().trim()
                    + "; known: " + databases.keySet());
        }
        return new NamedDatabase(name, db);
    }

    public RepositoryConfig requireRepository() {
        if (repository == null) {
            throw BulwarkException.usage(where() + "has no 'repository:'; add e.g. 'repository: { path: /var/lib/bulwark }'");
        }
        return repository;
    }

    private static String where() {
        return "the configuration ";
    }

    public record NamedDatabase(String name, DatabaseConfig config) {}
}
