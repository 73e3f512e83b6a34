package dev.bulwark.rehearse.run;

import java.util.Map;

import dev.bulwark.rehearse.catalog.Layout;
import dev.bulwark.rehearse.catalog.TableCount;
import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

/** Tables a statement rewrote, and values its column type changes did not carry over. */
final class Rewrites {
    private Rewrites() {
    }

    /** A table with a new relfilenode and the same oid was copied row by row (TRUNCATE makes a new, empty file: no copy). */
    static void record(ScriptStatement s, Layout before, Layout after, double ms, Ledger ledger) {
        for (Layout.Relation was : before.relations().values()) {
            Layout.Relation is = after.relations().get(was.oid());
            if (is == null || is.fileNode() == was.fileNode() || was.kind() == 'p') continue;
            ledger.refiled.add(was.oid());
            if (s.shape() instanceof Shape.Truncate) continue;
            TableCount backup = ledger.backup(was.oid());
            if (was.kind() == 'r' && backup == null) continue; // created by the migration: nothing of production's to copy
            ledger.rewrites.add(new Rewrite(is.qualified(), backup == null ? null : backup.rows(), s.number(), ms));
        }
    }

    static void recordAlteredValues(ScriptStatement s, Layout before, Layout after, Map<Long, Long> altered, Ledger ledger) {
        altered.forEach((columnId, values) -> {
            Layout.Column was = before.columns().get(columnId);
            Layout.Column is = after.columns().get(columnId);
            if (values > 0 && was != null && is != null && !was.type().equals(is.type())) {
                ledger.losses.altered().add(new Losses.AlteredValues(after.relations().get(is.tableOid()).qualified(), is.name(),
                        was.type(), is.type(), values, s.number()));
            }
        });
    }
}
