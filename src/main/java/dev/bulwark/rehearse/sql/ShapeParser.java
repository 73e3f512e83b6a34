package dev.bulwark.rehearse.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.bulwark.gate.sql.Token;

/**
 * Reads a {@link Shape} off a statement's tokens. It parses only the prefixes it needs and stops at the
 * first thing it does not recognise, which then becomes {@link Shape.Other}.
 */
public final class ShapeParser {
    private static final Set<String> TABLE_FLAVOURS = Set.of("global", "local", "temporary", "temp", "unlogged");
    private static final Set<String> VACUUM_WORDS = Set.of("full", "freeze", "verbose", "analyze", "analyse");

    private final Words w;

    private ShapeParser(Words w) {
        this.w = w;
    }

    public static Shape parse(Words words) {
        return new ShapeParser(words).parse();
    }

    private Shape parse() {
        String first = w.word(0);
        return switch (first) {
            case "alter" -> AlterParser.parse(w);
            case "drop" -> drop();
            case "truncate" -> truncate();
            case "create" -> create();
            case "insert", "update", "delete", "merge", "with" -> new Shape.Modify(changes());
            case "vacuum" -> vacuum();
            case "cluster" -> cluster();
            case "reindex" -> reindex();
            case "lock" -> new Shape.Lock(names(w.is(1, "table") ? 2 : 1, false));
            case "set", "reset" -> setting(first);
            case "select" -> setConfig();
            case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare" -> transaction(first);
            default -> other(2);
        };
    }

    private Shape other(int words) {
        return new Shape.Other(w.verb(words));
    }

    // --- DROP, TRUNCATE, CREATE ----------------------------------------------------------------------

    private Shape drop() {
        int k = 2;
        String type = w.word(1);
        if (w.is(1, "materialized", "view") || w.is(1, "foreign", "table") || w.is(1, "event", "trigger")
                || w.is(1, "access", "method")) {
            type = w.word(1) + " " + w.word(2);
            k = 3;
        }
        boolean concurrently = w.is(k, "concurrently");
        if (concurrently) k++;
        if (w.is(k, "if", "exists")) k += 2;
        return new Shape.Drop(type, names(k, true), concurrently, w.is(w.size() - 1, "cascade"));
    }

    private Shape truncate() {
        return new Shape.Truncate(names(w.is(1, "table") ? 2 : 1, false), w.is(w.size() - 1, "cascade"));
    }

    private Shape create() {
        int k = 1;
        if (w.is(k, "or", "replace")) k += 2;
        while (TABLE_FLAVOURS.contains(w.word(k))) k++;
        boolean unique = w.is(k, "unique");
        if (unique) k++;
        if (w.is(k, "index")) return createIndex(k + 1, unique);
        if (w.is(k, "table")) {
            k++;
            if (w.is(k, "if", "not", "exists")) k += 3;
            Words.Named table = w.name(k);
            if (table != null) return new Shape.CreateTable(table.name());
        }
        return other(2);
    }

    private Shape createIndex(int k, boolean unique) {
        boolean concurrently = w.is(k, "concurrently");
        if (concurrently) k++;
        if (w.is(k, "if", "not", "exists")) k += 3;
        ObjectName index = null;
        if (!w.is(k, "on")) {
            Words.Named named = w.name(k);
            if (named == null) return other(2);
            index = named.name();
            k = named.next();
        }
        int on = w.find("on", k, w.size());
        if (on < 0) return other(2);
        Words.Named table = w.name(w.is(on + 1, "only") ? on + 2 : on + 1);
        return table == null ? other(2) : new Shape.CreateIndex(index, table.name(), unique, concurrently);
    }

    /** {@code [ONLY] name [*] [(columns)], ...} from {@code k}; for DROP FUNCTION the argument lists are skipped. */
    private List<ObjectName> names(int k, boolean skipParens) {
        List<ObjectName> names = new ArrayList<>();
        while (k < w.size()) {
            if (w.is(k, "only")) k++;
            Words.Named named = w.name(k);
            if (named == null) break;
            names.add(named.name());
            k = named.next();
            if (w.at(k) != null && w.at(k).text().equals("*")) k++;
            if (skipParens && w.punct(k, "(")) k = w.closing(k) + 1;
            if (!w.punct(k, ",")) break;
            k++;
        }
        return names;
    }

    // --- DML -----------------------------------------------------------------------------------------

    /**
     * Every UPDATE and DELETE where a statement can start: first, right after {@code (} (a WITH query) or
     * {@code )} (the main statement after its WITH list). That leaves out FOR UPDATE, ON UPDATE, DO UPDATE
     * and MERGE's THEN UPDATE/DELETE, whose rows other clauses bound.
     */
    private List<Shape.Change> changes() {
        List<Shape.Change> out = new ArrayList<>();
        for (int k = 0; k < w.size(); k++) {
            String verb = w.word(k);
            if (!verb.equals("update") && !verb.equals("delete")) continue;
            if (k > 0 && !w.punct(k - 1, "(") && !w.punct(k - 1, ")")) continue;
            int j = k + 1;
            if (verb.equals("delete") && w.is(j, "from")) j++;
            if (w.is(j, "only")) j++;
            Words.Named table = w.name(j);
            out.add(new Shape.Change(verb, table == null ? null : table.name(), whereFollows(k + 1)));
        }
        return out;
    }

    /** Whether a WHERE follows at the same parenthesis depth before the enclosing {@code )} closes. */
    private boolean whereFollows(int from) {
        int depth = 0;
        for (int k = from; k < w.size(); k++) {
            if (w.punct(k, "(") || w.punct(k, "[")) {
                depth++;
            } else if (w.punct(k, ")") || w.punct(k, "]")) {
                if (--depth < 0) return false;
            } else if (depth == 0 && w.is(k, "where")) {
                return true;
            }
        }
        return false;
    }

    // --- maintenance -----------------------------------------------------------------------------------

    private Shape vacuum() {
        boolean full = false;
        int k = 1;
        if (w.punct(1, "(")) {
            int close = w.closing(1);
            for (int j = 2; j < close; j++) {
                if (w.is(j, "full")) full = !isFalse(j + 1);
            }
            k = close + 1;
        } else {
            for (; VACUUM_WORDS.contains(w.word(k)); k++) full |= w.is(k, "full");
        }
        return full ? new Shape.Rewrite("VACUUM FULL", names(k, true)) : other(1);
    }

    private boolean isFalse(int k) {
        Token t = w.at(k);
        return t != null && (w.is(k, "false") || w.is(k, "off") || t.text().equals("0"));
    }

    private Shape cluster() {
        int k = 1;
        if (w.punct(k, "(")) k = w.closing(k) + 1;
        if (w.is(k, "verbose")) k++;
        Words.Named named = w.name(k);
        if (named == null) return new Shape.Rewrite("CLUSTER", List.of());
        if (w.is(named.next(), "on")) { // the old form: CLUSTER index ON table
            Words.Named table = w.name(named.next() + 1);
            if (table != null) return new Shape.Rewrite("CLUSTER", List.of(table.name()));
        }
        return new Shape.Rewrite("CLUSTER", List.of(named.name()));
    }

    private Shape reindex() {
        boolean concurrently = false;
        for (int k = 1; k < w.size() && !concurrently; k++) concurrently = w.is(k, "concurrently") && !isFalse(k + 1);
        return new Shape.Reindex(concurrently);
    }

    // --- settings and transactions ---------------------------------------------------------------------------

    private Shape setting(String first) {
        if (first.equals("reset")) return new Shape.Setting(nameText(1), null, false);
        int k = 1;
        boolean local = w.is(k, "local");
        if (local || w.is(k, "session")) k++;
        String name = nameText(k);
        Words.Named named = w.name(k);
        k = named == null ? k + 1 : named.next();
        if (w.is(k, "to") || (w.at(k) != null && w.at(k).text().equals("="))) k++;
        return new Shape.Setting(name, w.is(k, "default") ? null : w.value(k), local);
    }

    /** {@code SELECT set_config('name', 'value', is_local)} is how functions and some tools set a setting. */
    private Shape setConfig() {
        if (w.is(1, "set_config") && w.punct(2, "(") && w.at(3) != null && w.at(3).isString() && w.punct(4, ",")) {
            return new Shape.Setting(w.at(3).value().toLowerCase(Locale.ROOT), w.value(5), w.is(7, "true"));
        }
        return other(1);
    }

    private Shape transaction(String first) {
        Shape.TxCommand command = switch (first) {
            case "begin", "start" -> Shape.TxCommand.BEGIN;
            case "commit", "end" -> w.is(1, "prepared") ? Shape.TxCommand.PREPARED : Shape.TxCommand.COMMIT;
            case "savepoint" -> Shape.TxCommand.SAVEPOINT;
            case "release" -> Shape.TxCommand.RELEASE;
            case "prepare" -> w.is(1, "transaction") ? Shape.TxCommand.PREPARE : null;
            default -> w.is(1, "prepared") ? Shape.TxCommand.PREPARED
                    : w.is(1, "to") || w.is(2, "to") ? Shape.TxCommand.ROLLBACK_TO : Shape.TxCommand.ROLLBACK;
        };
        if (command == null) return other(1);
        boolean named = command == Shape.TxCommand.SAVEPOINT || command == Shape.TxCommand.RELEASE || command == Shape.TxCommand.ROLLBACK_TO;
        return new Shape.Transaction(command, named ? w.value(w.size() - 1) : null);
    }

    private String nameText(int k) {
        Words.Named named = w.name(k);
        return named == null ? w.word(k) : named.name().toString().toLowerCase(Locale.ROOT);
    }
}
