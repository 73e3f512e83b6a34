package dev.bulwark.rehearse.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.bulwark.rehearse.script.Migration;
import dev.bulwark.rehearse.script.MigrationSet;
import dev.bulwark.rehearse.script.ScriptStatement;

/** Every static rule, run over the migrations in order. */
public final class Rules {
    public static final List<Rule> ALL = List.of(new DropTable(), new DropColumn(), new DropSchema(), new Truncate(),
            WithoutWhere.delete(), WithoutWhere.update(), new ColumnTypeChange(), new SetNotNull(),
            new NotNullColumnWithoutDefault(), new VolatileDefault(), new IndexWithoutConcurrently(),
            new DropIndexWithoutConcurrently(), new ConcurrentlyInTransaction(), new ConstraintWithoutNotValid(),
            new UniqueAddedDirectly(), new Rename(), new VacuumFullOrCluster(), new MissingLockTimeout(),
            new UnterminatedTransaction());

    private Rules() {
    }

    public static List<Finding> check(MigrationSet set) {
        return check(set, ALL);
    }

    static List<Finding> check(MigrationSet set, List<Rule> rules) {
        List<Finding> out = new ArrayList<>();
        RuleContext context = new RuleContext();
        for (Migration m : set.migrations()) {
            context.startFile();
            Set<String> firedInFile = new HashSet<>();
            ScriptStatement last = null;
            for (ScriptStatement s : m.statements()) {
                for (Rule rule : rules) {
                    if (rule.oncePerFile() && firedInFile.contains(rule.name())) continue;
                    Optional<String> message = rule.check(s, context);
                    if (message.isPresent()) {
                        firedInFile.add(rule.name());
                        out.add(new Finding(rule.name(), s.file(), s.line(), s.number(), message.get(), rule.fix()));
                    }
                }
                context.after(s);
                last = s;
            }
            for (Rule rule : rules) {
                ScriptStatement at = context.transactionStart() != null ? context.transactionStart() : last;
                if (at == null) continue;
                rule.atEndOfFile(context).ifPresent(message ->
                        out.add(new Finding(rule.name(), at.file(), at.line(), at.number(), message, rule.fix())));
            }
        }
        return out;
    }
}
