package dev.bulwark.rehearse.sql;

import java.util.List;

/**
 * What a migration statement does, read from its tokens alone: the few forms that the rules and the
 * data-loss accounting need, each with the names it touches. Anything else is {@link Other}, never a
 * guess. {@link ShapeParser} makes them.
 */
public sealed interface Shape {

    /** {@code ALTER TABLE [IF EXISTS] [ONLY] name action, ...} (also ALTER FOREIGN TABLE / MATERIALIZED VIEW). */
    record AlterTable(ObjectName table, List<AlterAction> actions) implements Shape {
        public AlterTable {
            actions = List.copyOf(actions);
        }
    }

    /** {@code DROP <objectType> [CONCURRENTLY] [IF EXISTS] names [CASCADE]}; objectType in lower case, e.g. "materialized view". */
    record Drop(String objectType, List<ObjectName> names, boolean concurrently, boolean cascade) implements Shape {
        public Drop {
            names = List.copyOf(names);
        }
    }

    record Truncate(List<ObjectName> tables, boolean cascade) implements Shape {
        public Truncate {
            tables = List.copyOf(tables);
        }
    }

    /** CREATE TABLE, CREATE TABLE AS, SELECT INTO's cousin: a table that did not exist before. */
    record CreateTable(ObjectName table) implements Shape {}

    /** {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [name] ON table}. */
    record CreateIndex(ObjectName index, ObjectName table, boolean unique, boolean concurrently) implements Shape {}

    /** INSERT, UPDATE, DELETE, MERGE or WITH: the UPDATEs and DELETEs in it, each with or without its own WHERE. */
    record Modify(List<Change> changes) implements Shape {
        public Modify {
            changes = List.copyOf(changes);
        }
    }

    /** One UPDATE or DELETE ("update"/"delete") of a table. */
    record Change(String verb, ObjectName table, boolean hasWhere) {}

    /** {@code ALTER <objectType> name RENAME ...} for objects other than tables (views, schemas, types...). */
    record Rename(String objectType, ObjectName name) implements Shape {}

    /** A command that rewrites whole tables: VACUUM FULL, CLUSTER. No tables listed means every table. */
    record Rewrite(String command, List<ObjectName> tables) implements Shape {
        public Rewrite {
            tables = List.copyOf(tables);
        }
    }

    record Reindex(boolean concurrently) implements Shape {}

    record Lock(List<ObjectName> tables) implements Shape {
        public Lock {
            tables = List.copyOf(tables);
        }
    }

    /** SET/RESET of a setting, or {@code SELECT set_config(...)}; value null for RESET or DEFAULT. */
    record Setting(String name, String value, boolean local) implements Shape {}

    /** @param savepoint the savepoint a SAVEPOINT, RELEASE or ROLLBACK TO names, else null */
    record Transaction(TxCommand command, String savepoint) implements Shape {}

    enum TxCommand { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO, PREPARE, PREPARED }

    record Other(String verb) implements Shape {}
}
