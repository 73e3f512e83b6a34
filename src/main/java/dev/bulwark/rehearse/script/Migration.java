package dev.bulwark.rehearse.script;

import java.util.List;

/**
 * One migration file and its statements.
 *
 * @param file    the name reports use: relative to the migrations directory, or the path given
 * @param version the Flyway version ("1.2"), or null for a single file or a repeatable migration
 */
public record Migration(String file, String version, List<ScriptStatement> statements) {
    public Migration {
        statements = List.copyOf(statements);
    }
}
