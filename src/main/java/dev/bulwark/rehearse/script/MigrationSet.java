package dev.bulwark.rehearse.script;

import java.util.List;

/**
 * The migrations to rehearse, in the order they apply.
 *
 * @param ignored files in a migrations directory that are not Flyway migrations (named so the user sees them)
 */
public record MigrationSet(List<Migration> migrations, List<String> ignored) {
    public MigrationSet {
        migrations = List.copyOf(migrations);
        ignored = List.copyOf(ignored);
    }

    public List<ScriptStatement> statements() {
        return migrations.stream().flatMap(m -> m.statements().stream()).toList();
    }
}
