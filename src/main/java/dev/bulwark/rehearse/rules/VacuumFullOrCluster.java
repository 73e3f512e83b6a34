package dev.bulwark.rehearse.rules;

import java.util.Optional;

import dev.bulwark.rehearse.script.ScriptStatement;
import dev.bulwark.rehearse.sql.Shape;

record VacuumFullOrCluster(String name, String fix) implements Rule {
    VacuumFullOrCluster() {
        this("vacuum-full-or-cluster",
                "use pg_repack or pg_squeeze, which rebuild a table without blocking it, or a plain VACUUM");
    }

    @Override
    public Optional<String> check(ScriptStatement s, RuleContext context) {
        if (!(s.shape() instanceof Shape.Rewrite r)) return Optional.empty();
        String tables = r.tables().isEmpty() ? (r.command().equals("CLUSTER") ? "every clustered table" : "every table")
                : String.join(", ", r.tables().stream().map(Object::toString).toList());
        return Optional.of(r.command() + " rewrites " + tables + " under an ACCESS EXCLUSIVE lock: reads and writes wait until it ends");
    }
}
