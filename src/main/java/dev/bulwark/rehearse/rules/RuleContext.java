package dev.bulwark.rehearse.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.AlterAction;
import dev.bulwark.rehearse.sql.ObjectName;
import dev.bulwark.rehearse.sql.Shape;

/**
 * What the statements before this one established: whether a transaction block is open (per file, as
 * psql runs each file in its own session), whether lock_timeout is set, and which tables and indexes
 * the migration itself created (rules about locking existing tables do not apply to those).
 */
public final class RuleContext {
    private static final Pattern ZERO = Pattern.compile("\\s*0+\\s*(us|ms|s|min|h|d)?\\s*");

    private final List<ObjectName> createdTables = new ArrayList<>();
    private final List<ObjectName> createdIndexes = new ArrayList<>();
    private ScriptStatement transactionStart;
    private boolean sessionLockTimeout;
    private boolean localLockTimeout;

    /** A new file: a new psql session. */
    void startFile() {
        transactionStart = null;
        sessionLockTimeout = false;
        localLockTimeout = false;
    }

    public boolean inTransaction() {
        return transactionStart != null;
    }

    /** The BEGIN of the open transaction block, or null. */
    public ScriptStatement transactionStart() {
        return transactionStart;
    }

    public boolean lockTimeoutSet() {
        return sessionLockTimeout || (inTransaction() && localLockTimeout);
    }

    /** Whether an earlier statement of this migration created the table (so it holds no production rows). */
    public boolean createdHere(ObjectName table) {
        return table != null && createdTables.stream().anyMatch(t -> t.sameAs(table));
    }

    public boolean indexCreatedHere(ObjectName index) {
        return index != null && createdIndexes.stream().anyMatch(i -> i.sameAs(index));
    }

    /** Takes in what a statement that ran establishes for the ones after it. */
    void after(ScriptStatement s) {
        switch (s.shape()) {
            case Shape.Transaction t -> transaction(s, t.command());
            case Shape.Setting set when set.name().equals("lock_timeout") -> {
                boolean on = set.value() != null && !ZERO.matcher(set.value()).matches();
                if (set.local()) localLockTimeout = on;
                else sessionLockTimeout = on;
            }
            case Shape.Setting set when set.name().equals("all") && set.value() == null -> sessionLockTimeout = false;
            case Shape.CreateTable c -> createdTables.add(c.table());
            case Shape.CreateIndex c when c.index() != null -> createdIndexes.add(c.index());
            case Shape.AlterTable a when createdHere(a.table()) -> a.actions().stream()
                    .filter(x -> x instanceof AlterAction.Rename r && r.column() == null && r.to() != null)
                    .forEach(x -> createdTables.add(ObjectName.of(((AlterAction.Rename) x).to())));
            default -> { }
        }
    }

    private void transaction(ScriptStatement s, Shape.TxCommand command) {
        switch (command) {
            case BEGIN -> {
                if (transactionStart == null) transactionStart = s;
            }
            case COMMIT, ROLLBACK, PREPARE -> {
                transactionStart = null;
                localLockTimeout = false;
            }
            default -> { }
        }
    }
}
