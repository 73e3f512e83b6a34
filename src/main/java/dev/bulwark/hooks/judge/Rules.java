package dev.bulwark.hooks.judge;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Which rule judges which program (by file name, so {@code /usr/bin/terraform} is terraform). */
final class Rules {
    private static final Map<String, CommandRule> BY_PROGRAM = new HashMap<>();
    /** Programs whose mere mention makes a command that cannot be parsed suspicious. */
    private static final Set<String> SUSPICIOUS = Set.of("terraform", "tofu", "terragrunt", "psql", "pg_restore", "dropdb",
            "pg_dropcluster", "aws", "gcloud", "az", "kubectl", "oc", "helm", "rm", "rsync", "shred");

    static {
        register(new TerraformRule(), "terraform", "tofu", "terragrunt");
        register(new PsqlRule(), "psql");
        register(new PostgresToolsRule(), "pg_restore", "dropdb", "pg_dropcluster", "pg_resetwal", "pg_resetxlog");
        register(new CloudRule(), "aws", "gcloud", "az");
        register(new KubernetesRule(), "kubectl", "oc", "helm");
        register(new RemovalRule(), "rm", "find", "rsync", "git", "shred", "unlink", "truncate", "tee", "mv",
                "sqlite3");
        register(new ContainerRule(), "docker", "podman", "nerdctl", "docker-compose", "podman-compose");
        register(new SchemaToolsRule(), "prisma", "rails", "rake", "python", "python3", "django-admin", "flyway", "liquibase",
                "sequelize", "sequelize-cli", "dbmate", "migrate", "goose", "alembic", "knex");
    }

    private Rules() {
    }

    private static void register(CommandRule rule, String... programs) {
        for (String p : programs) BY_PROGRAM.put(p, rule);
    }

    static CommandRule forProgram(String program) {
        return BY_PROGRAM.get(program);
    }

    static boolean suspicious(String program) {
        return SUSPICIOUS.contains(program);
    }
}
