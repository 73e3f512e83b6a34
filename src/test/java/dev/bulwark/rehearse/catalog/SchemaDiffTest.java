package dev.bulwark.rehearse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SchemaDiffTest {
    private static SchemaObject table(String name, long oid) {
        return new SchemaObject("table", "public", null, name, "table", oid);
    }

    private static SchemaObject column(String table, String name, String type, long oid, int attnum) {
        return new SchemaObject("column", "public", table, name, type, SchemaObject.columnId(oid, attnum));
    }

    @Test
    void addedDroppedAndChangedObjects() {
        List<SchemaObject> before = List.of(table("a", 1), column("a", "x", "integer", 1, 1), column("a", "y", "text", 1, 2));
        List<SchemaObject> after = List.of(table("a", 1), column("a", "x", "bigint", 1, 1), table("b", 2));
        SchemaDiff d = SchemaDiff.between(before, after);
        assertThat(d.added()).extracting(SchemaChange::name).containsExactly("public.b");
        assertThat(d.dropped()).extracting(SchemaChange::name).containsExactly("public.a.y");
        assertThat(d.changed()).singleElement().isEqualTo(new SchemaChange("column", "public.a.x", "integer", "bigint", null));
        assertThat(d.unchanged()).isFalse();
        assertThat(SchemaDiff.between(before, before).unchanged()).isTrue();
    }

    @Test
    void aRenameKeepsTheIdentityAndItsColumnsAreNotListedAgain() {
        List<SchemaObject> before = List.of(table("people", 7), column("people", "name", "text", 7, 1), column("people", "mail", "text", 7, 2));
        List<SchemaObject> after = List.of(table("persons", 7), column("persons", "name", "text", 7, 1), column("persons", "email", "text", 7, 2));
        SchemaDiff d = SchemaDiff.between(before, after);
        assertThat(d.added()).isEmpty();
        assertThat(d.dropped()).isEmpty();
        assertThat(d.changed()).containsExactly(
                new SchemaChange("table", "public.persons", "table", "table", "public.people"),
                new SchemaChange("column", "public.persons.email", "text", "text", "public.people.mail"));
    }

    @Test
    void aTableDroppedAndCreatedAgainIsNotARename() {
        SchemaDiff d = SchemaDiff.between(List.of(table("a", 1)), List.of(table("a", 9)));
        assertThat(d.unchanged()).isTrue();
        SchemaDiff swap = SchemaDiff.between(List.of(table("a", 1)), List.of(table("b", 9)));
        assertThat(swap.added()).extracting(SchemaChange::name).containsExactly("public.b");
        assertThat(swap.dropped()).extracting(SchemaChange::name).containsExactly("public.a");
    }
}
