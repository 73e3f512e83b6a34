package dev.bulwark.rehearse.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.Words;

/**
 * Since PostgreSQL 11 a new column with a constant or STABLE default (now(), 'x') costs no rewrite; a
 * volatile default, a serial type, an identity or a stored generated column gives every existing row
 * its own value, so the whole table is rewritten under an ACCESS EXCLUSIVE lock.
 */
record VolatileDefault(String name, String fix) implements Rule {
    VolatileDefault() {
        this("volatile-default",
                "add the column without a default (or with a constant one), then set the default and backfill old rows in batches");
    }

    private static final Set<String> VOLATILE = Set.of("random", "random_normal", "clock_timestamp", "timeofday",
            "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "nextval");
    private static final Set<String> SERIAL = Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2");

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        List<String> found = new ArrayList<>();
        for (AlterAction.AddColumn add : Altered.actions(s, context, AlterAction.AddColumn.class)) {
            String why = volatileCall(add.defaultWords());
            if (why == null && SERIAL.contains(add.type().toLowerCase(Locale.ROOT))) why = "type " + add.type();
            if (why == null && add.generated()) why = "a generated value";
            if (why != null) found.add(Altered.table(s) + "." + add.column() + " (" + why + ")");
        }
        return found.isEmpty() ? Optional.empty() : Optional.of("new column " + String.join(", ", found)
                + " gets a value per row: the table is rewritten under an ACCESS EXCLUSIVE lock");
    }

    private static String volatileCall(Words w) {
        if (w == null) return null;
        for (int k = 0; k + 1 < w.size(); k++) {
            if (VOLATILE.contains(w.word(k)) && w.punct(k + 1, "(")) return w.word(k) + "()";
        }
        return null;
    }
}
