package dev.bulwark.rehearse.sql;

/** One subcommand of ALTER TABLE, as far as rules and measurements care. */
public sealed interface AlterAction {

    /**
     * {@code ADD [COLUMN] name type [constraints]}.
     *
     * @param defaultWords the DEFAULT expression's tokens, or null without DEFAULT
     * @param generated    GENERATED ... AS IDENTITY or AS (...) STORED: every row gets a computed value
     * @param uniqueOrKey  an inline UNIQUE or PRIMARY KEY, which builds an index
     */
    record AddColumn(String column, String type, boolean notNull, Words defaultWords, boolean generated,
                     boolean uniqueOrKey) implements AlterAction {}

    record DropColumn(String column) implements AlterAction {}

    /** {@code ALTER [COLUMN] c [SET DATA] TYPE t [COLLATE x] [USING expr]}; using null without USING. */
    record ColumnType(String column, String type, String using) implements AlterAction {}

    record SetNotNull(String column) implements AlterAction {}

    /** {@code ADD [CONSTRAINT name] CHECK|FOREIGN KEY|UNIQUE|PRIMARY KEY|EXCLUDE ...}. */
    record AddConstraint(String name, ConstraintKind kind, boolean notValid, boolean usingIndex) implements AlterAction {}

    enum ConstraintKind { CHECK, FOREIGN_KEY, UNIQUE, PRIMARY_KEY, EXCLUDE }

    /** {@code RENAME [COLUMN] a TO b} (column null: RENAME TO, the table itself). */
    record Rename(String column, String to) implements AlterAction {}

    record Other(String verb) implements AlterAction {}
}
