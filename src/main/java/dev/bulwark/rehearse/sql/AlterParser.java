package dev.bulwark.rehearse.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.bulwark.gate.sql.Token;

/**
 * The ALTER statements: ALTER TABLE (also FOREIGN TABLE and MATERIALIZED VIEW) with each of its
 * subcommands, and the renames of other objects.
 */
final class AlterParser {
    private static final Set<String> CONSTRAINT_STARTS = Set.of("constraint", "check", "unique", "primary", "foreign", "exclude");
    /** Words that end a column's type in ADD COLUMN and start its constraints. */
    private static final Set<String> COLUMN_CLAUSES = Set.of("not", "null", "default", "constraint", "check", "unique",
            "primary", "references", "generated", "collate", "compression", "storage");

    private final Words w;

    private AlterParser(Words w) {
        this.w = w;
    }

    static Shape parse(Words words) {
        return new AlterParser(words).parse();
    }

    private Shape parse() {
        int k;
        String type;
        if (w.is(1, "materialized", "view") || w.is(1, "foreign", "table")) {
            type = w.word(1) + " " + w.word(2);
            k = 3;
        } else {
            type = w.word(1);
            k = 2;
        }
        if (type.equals("table") || type.equals("foreign table") || type.equals("materialized view")) {
            if (w.is(k, "if", "exists")) k += 2;
            if (w.is(k, "only")) k++;
            Words.Named table = w.name(k);
            if (table == null || w.is(k, "all")) return new Shape.Other(w.verb(3));
            k = table.next();
            if (w.at(k) != null && w.at(k).text().equals("*")) k++;
            List<AlterAction> actions = new ArrayList<>();
            for (Words.Span part : w.split(k, w.size())) actions.add(action(part.from(), part.to()));
            return new Shape.AlterTable(table.name(), actions);
        }
        if (w.find("rename", k, w.size()) >= 0) {
            Words.Named named = w.name(w.is(k, "if", "exists") ? k + 2 : k);
            return new Shape.Rename(type, named == null ? null : named.name());
        }
        return new Shape.Other(w.verb(2));
    }

    private AlterAction action(int k, int to) {
        return switch (w.word(k)) {
            case "add" -> add(k + 1, to);
            case "drop" -> dropAction(k + 1);
            case "alter" -> alterColumn(k + 1, to);
            case "rename" -> rename(k + 1);
            default -> new AlterAction.Other(w.word(k).toUpperCase(Locale.ROOT));
        };
    }

    private AlterAction add(int k, int to) {
        if (w.is(k, "column")) {
            k++;
        } else if (CONSTRAINT_STARTS.contains(w.word(k))) {
            return addConstraint(k, to);
        }
        if (w.is(k, "if", "not", "exists")) k += 3;
        Token column = w.at(k);
        if (column == null || !column.isName()) return new AlterAction.Other("ADD");
        int typeEnd = k + 1;
        int depth = 0;
        for (; typeEnd < to; typeEnd++) {
            if (w.punct(typeEnd, "(") || w.punct(typeEnd, "[")) depth++;
            else if (w.punct(typeEnd, ")") || w.punct(typeEnd, "]")) depth--;
            else if (depth == 0 && COLUMN_CLAUSES.contains(w.word(typeEnd))) break;
        }
        boolean notNull = false;
        boolean generated = false;
        boolean uniqueOrKey = false;
        Words defaults = null;
        for (int j = typeEnd; j < to; j++) {
            if (w.punct(j, "(")) {
                j = w.closing(j);
            } else if (w.is(j, "not", "null")) {
                notNull = true;
            } else if (w.is(j, "generated")) {
                generated = true;
            } else if (w.is(j, "unique") || w.is(j, "primary", "key")) {
                uniqueOrKey = true;
                notNull |= w.is(j, "primary");
            } else if (w.is(j, "default")) {
                int end = clauseEnd(j + 1, to);
                defaults = new Words(w.tokens().subList(j + 1, end), w.source());
                j = end - 1;
            }
        }
        return new AlterAction.AddColumn(column.value(), w.text(k + 1, typeEnd), notNull, defaults, generated, uniqueOrKey);
    }

    /** Where an expression that starts at {@code from} ends: at the next column clause outside parentheses. */
    private int clauseEnd(int from, int to) {
        int depth = 0;
        for (int j = from; j < to; j++) {
            if (w.punct(j, "(") || w.punct(j, "[")) depth++;
            else if (w.punct(j, ")") || w.punct(j, "]")) depth--;
            else if (depth == 0 && j > from && COLUMN_CLAUSES.contains(w.word(j)) && !w.word(j).equals("null")) return j;
        }
        return to;
    }

    private AlterAction addConstraint(int k, int to) {
        String name = null;
        if (w.is(k, "constraint") && w.at(k + 1) != null) {
            name = w.at(k + 1).value();
            k += 2;
        }
        AlterAction.ConstraintKind kind = switch (w.word(k)) {
            case "check" -> AlterAction.ConstraintKind.CHECK;
            case "unique" -> AlterAction.ConstraintKind.UNIQUE;
            case "primary" -> AlterAction.ConstraintKind.PRIMARY_KEY;
            case "foreign" -> AlterAction.ConstraintKind.FOREIGN_KEY;
            case "exclude" -> AlterAction.ConstraintKind.EXCLUDE;
            default -> null;
        };
        if (kind == null) return new AlterAction.Other("ADD CONSTRAINT");
        int valid = w.find("valid", k, to);
        boolean notValid = valid > 0 && w.is(valid - 1, "not");
        boolean usingIndex = false;
        for (int u = w.find("using", k, to); u >= 0; u = w.find("using", u + 1, to)) {
            usingIndex |= w.is(u + 1, "index") && !w.is(u + 2, "tablespace");
        }
        return new AlterAction.AddConstraint(name, kind, notValid, usingIndex);
    }

    private AlterAction dropAction(int k) {
        if (w.is(k, "constraint")) return new AlterAction.Other("DROP CONSTRAINT");
        if (w.is(k, "column")) k++;
        if (w.is(k, "if", "exists")) k += 2;
        Token column = w.at(k);
        return column != null && column.isName() ? new AlterAction.DropColumn(column.value()) : new AlterAction.Other("DROP");
    }

    private AlterAction alterColumn(int k, int to) {
        if (w.is(k, "column")) k++;
        Token column = w.at(k);
        if (column == null || !column.isName()) return new AlterAction.Other("ALTER");
        k++;
        if (w.is(k, "type")) return columnType(column.value(), k + 1, to);
        if (w.is(k, "set", "data", "type")) return columnType(column.value(), k + 3, to);
        if (w.is(k, "set", "not", "null")) return new AlterAction.SetNotNull(column.value());
        return new AlterAction.Other("ALTER COLUMN");
    }

    private AlterAction columnType(String column, int from, int to) {
        int using = w.find("using", from, to);
        int collate = w.find("collate", from, to);
        int typeEnd = collate >= 0 ? collate : using >= 0 ? using : to;
        return new AlterAction.ColumnType(column, w.text(from, typeEnd), using >= 0 ? w.text(using + 1, to) : null);
    }

    private AlterAction rename(int k) {
        if (w.is(k, "to")) return new AlterAction.Rename(null, w.value(k + 1));
        if (w.is(k, "constraint")) return new AlterAction.Other("RENAME CONSTRAINT");
        if (w.is(k, "column")) k++;
        return new AlterAction.Rename(w.value(k), w.value(k + 2));
    }
}
