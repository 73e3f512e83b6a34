package dev.bulwark.rehearse.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the migration added, dropped and changed in the schema. Objects are matched by kind and name;
 * a dropped and an added object of the same kind with the same catalog identity are one renamed object.
 * When a table is renamed its columns, constraints and triggers move with it: they are not listed again.
 */
public record SchemaDiff(List<SchemaChange> added, List<SchemaChange> dropped, List<SchemaChange> changed) {
    private static final List<String> KIND_ORDER = List.of("schema", "extension", "table", "column", "constraint", "index", "view",
            "materialized view", "sequence", "type", "function", "procedure", "trigger");
    private static final Comparator<SchemaChange> ORDER = Comparator.comparingInt((SchemaChange c) -> KIND_ORDER.indexOf(c.kind()))
            .thenComparing(SchemaChange::name);

    public static SchemaDiff between(List<SchemaObject> before, List<SchemaObject> after) {
        Map<String, SchemaObject> was = index(before);
        Map<String, SchemaObject> is = index(after);
        List<SchemaObject> gone = new ArrayList<>(was.values().stream().filter(o -> !is.containsKey(o.key())).toList());
        List<SchemaObject> fresh = new ArrayList<>(is.values().stream().filter(o -> !was.containsKey(o.key())).toList());
        List<SchemaChange> changed = new ArrayList<>();
        for (SchemaObject o : is.values()) {
            SchemaObject old = was.get(o.key());
            if (old != null && !Objects.equals(old.definition(), o.definition())) {
                changed.add(new SchemaChange(o.kind(), o.qualified(), old.definition(), o.definition(), null));
            }
        }
        for (Iterator<SchemaObject> it = gone.iterator(); it.hasNext(); ) {
            SchemaObject old = it.next();
            SchemaObject renamed = fresh.stream().filter(n -> n.kind().equals(old.kind()) && n.id() == old.id()).findFirst().orElse(null);
            if (renamed == null) continue;
            it.remove();
            fresh.remove(renamed);
            boolean movedWithTable = old.belongsToTable() && old.name().equals(renamed.name());
            if (!movedWithTable || !Objects.equals(old.definition(), renamed.definition())) {
                changed.add(new SchemaChange(renamed.kind(), renamed.qualified(), old.definition(), renamed.definition(),
                        movedWithTable ? null : old.qualified()));
            }
        }
        List<SchemaChange> added = fresh.stream().map(o -> new SchemaChange(o.kind(), o.qualified(), null, o.definition(), null))
                .sorted(ORDER).toList();
        List<SchemaChange> dropped = gone.stream().map(o -> new SchemaChange(o.kind(), o.qualified(), o.definition(), null, null))
                .sorted(ORDER).toList();
        changed.sort(ORDER);
        return new SchemaDiff(added, dropped, List.copyOf(changed));
    }

    public boolean unchanged() {
        return added.isEmpty() && dropped.isEmpty() && changed.isEmpty();
    }

    private static Map<String, SchemaObject> index(List<SchemaObject> objects) {
        Map<String, SchemaObject> out = new LinkedHashMap<>();
        for (SchemaObject o : objects) out.putIfAbsent(o.key(), o);
        return out;
    }
}
