package dev.bulwark.rehearse.run;

import java.util.Locale;
import java.util.Set;

import dev.bulwark.rehearse.sql.Shape;

/** What the runner needs to know of a statement before it runs it. */
final class StatementKinds {
    /** Commands that neither drop nor rewrite tables: no need to read the catalog around them. */
    private static final Set<String> INERT = Set.of("comment", "grant", "revoke", "analyze", "analyse", "notify", "listen",
            "unlisten", "show", "explain", "prepare", "deallocate", "discard", "security", "create", "insert", "values", "table",
            "copy", "checkpoint", "load", "declare", "fetch", "move", "close");
    /** Commands that change no table's rows, wherever they run. */
    private static final Set<String> ROW_NEUTRAL = Set.of("vacuum", "analyze", "analyse", "checkpoint", "cluster", "reindex",
            "create", "alter", "drop", "discard", "listen", "unlisten", "notify", "load", "set", "reset", "show", "comment",
            "grant", "revoke", "declare", "fetch", "move", "close");

    private StatementKinds() {
    }

    /**
     * Statements that must not be put in a transaction block by Bulwark: those PostgreSQL refuses there,
     * and those that behave differently inside one (LOCK and DECLARE fail outside a block, as psql sends them).
     */
    static boolean refusesTransactionBlock(Shape shape) {
        return switch (shape) {
            case Shape.Lock l -> true;
            case Shape.CreateIndex c -> c.concurrently();
            case Shape.Drop d -> d.concurrently();
            case Shape.Reindex r -> r.concurrently();
            case Shape.Rewrite r -> r.command().equals("VACUUM FULL");
            case Shape.Other o -> first(o).equals("vacuum") || first(o).equals("declare");
            default -> false;
        };
    }

    static boolean mayDropOrRewrite(Shape shape) {
        return switch (shape) {
            case Shape.Transaction t -> false;
            case Shape.Setting s -> false;
            case Shape.Modify m -> false;
            case Shape.CreateTable c -> false;
            case Shape.CreateIndex c -> false;
            case Shape.Other o -> !INERT.contains(first(o));
            default -> true;
        };
    }

    static boolean rowNeutral(Shape shape) {
        return switch (shape) {
            case Shape.CreateIndex c -> true;
            case Shape.Reindex r -> true;
            case Shape.Rewrite r -> true;
            case Shape.Setting s -> true;
            case Shape.Transaction t -> true;
            case Shape.Lock l -> true;
            case Shape.Drop d -> d.objectType().equals("index");
            case Shape.Other o -> ROW_NEUTRAL.contains(first(o));
            default -> false;
        };
    }

    private static String first(Shape.Other o) {
        int space = o.verb().indexOf(' ');
        return (space < 0 ? o.verb() : o.verb().substring(0, space)).toLowerCase(Locale.ROOT);
    }
}
