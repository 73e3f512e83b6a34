package dev.bulwark.hooks.judge;

import java.util.List;
import java.util.Set;

/**
 * Framework and migration tools whose commands drop or empty the database they are configured for
 * (usually through DATABASE_URL): prisma migrate reset, rails db:drop, manage.py flush, flyway clean,
 * liquibase drop-all, and the like. Which database that is cannot be told from the command line, so
 * they are refused like dropdb.
 */
final class SchemaToolsRule implements CommandRule {
    private static final Set<String> RAILS_TASKS = Set.of("db:drop", "db:reset", "db:purge", "db:schema:load",
            "db:structure:load", "db:migrate:reset", "db:seed:replant", "db:drop:all", "db:purge:all");

    @Override
    public Verdict judge(Invocation call) {
        List<String> words = call.args().stream().map(Arg::text).toList();
        boolean wipes = switch (call.program()) {
            case "prisma" -> (words.contains("migrate") && words.contains("reset"))
                    || (words.contains("push") && (words.contains("--force-reset") || words.contains("--accept-data-loss")));
            case "rails", "rake" -> words.stream().anyMatch(RAILS_TASKS::contains);
            case "python", "python3" -> !words.isEmpty() && words.get(0).endsWith("manage.py") && flushes(words);
            case "django-admin" -> flushes(words);
            case "flyway" -> words.contains("clean");
            case "liquibase" -> words.contains("drop-all") || words.contains("dropAll");
            case "sequelize", "sequelize-cli" -> words.contains("db:drop");
            case "dbmate", "migrate" -> words.contains("drop");
            case "goose" -> words.contains("reset");
            case "alembic" -> words.contains("downgrade") && words.contains("base");
            case "knex" -> words.contains("migrate:rollback") && words.contains("--all");
            default -> false;
        };
        if (!wipes) return Verdict.allow(call.program());
        return Verdict.deny(call.program() + " " + String.join(" ", words) + " drops or empties the database it is configured"
                + " for, which may be production; a person runs it, never an agent");
    }

    private static boolean flushes(List<String> words) {
        return words.contains("flush") || words.contains("reset_db");
    }
}
