package dev.bulwark.rehearse.rules;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.Shape;

/** The ALTER TABLE subcommands of one kind that a statement applies to a table the migration did not create. */
final class Altered {
    private Altered() {
    }

    static <T extends AlterAction> List<T> actions(ScriptStatement s, RuleContext context, Class<T> kind) {
        if (!(s.shape() instanceof Shape.AlterTable alter) || context.createdHere(alter.table())) return List.of();
        return alter.actions().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static String table(ScriptStatement s) {
        return s.shape() instanceof Shape.AlterTable alter ? alter.table().toString() : "?";
    }

    /** One message about all matching subcommands, or empty when there are none. */
    static <T extends AlterAction> Optional<String> describe(ScriptStatement s, RuleContext context, Class<T> kind,
                                                           Function<T, String> what, String consequence) {
        List<T> found = actions(s, context, kind);
        if (found.isEmpty()) return Optional.empty();
        return Optional.of(found.stream().map(what).collect(Collectors.joining(", ")) + ": " + consequence);
    }
}
