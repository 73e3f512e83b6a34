package dev.bulwark.access.audit;

/**
 * The kinds of objects the audit looks at, with the words GRANT/REVOKE and ALTER ... OWNER use
 * for each (they differ: a view is granted ON TABLE but altered as VIEW).
 *
 * @param holdsData its owner can destroy data others rely on, which makes ownership critical
 */
enum ObjectType {
    TABLE("table", "TABLE", "TABLE", true),
    PARTITIONED_TABLE("partitioned table", "TABLE", "TABLE", true),
    VIEW("view", "TABLE", "VIEW", false),
    MATERIALIZED_VIEW("materialized view", "TABLE", "MATERIALIZED VIEW", true),
    FOREIGN_TABLE("foreign table", "TABLE", "FOREIGN TABLE", true),
    SEQUENCE("sequence", "SEQUENCE", "SEQUENCE", false),
    FUNCTION("function", "FUNCTION", "FUNCTION", false),
    PROCEDURE("procedure", "PROCEDURE", "PROCEDURE", false),
    TYPE("type", "TYPE", "TYPE", false),
    DOMAIN("domain", "DOMAIN", "DOMAIN", false),
    SCHEMA("schema", "SCHEMA", "SCHEMA", false),
    DATABASE("database", "DATABASE", "DATABASE", true),
    TABLESPACE("tablespace", "TABLESPACE", "TABLESPACE", false),
    LANGUAGE("language", "LANGUAGE", "LANGUAGE", false),
    FOREIGN_DATA_WRAPPER("foreign-data wrapper", "FOREIGN DATA WRAPPER", "FOREIGN DATA WRAPPER", false),
    FOREIGN_SERVER("foreign server", "FOREIGN SERVER", "SERVER", false),
    LARGE_OBJECT("large object", "LARGE OBJECT", "LARGE OBJECT", true);

    final String noun;
    final String grantKeyword;
    final String alterKeyword;
    final boolean holdsData;

    ObjectType(String noun, String grantKeyword, String alterKeyword, boolean holdsData) {
        this.noun = noun;
        this.grantKeyword = grantKeyword;
        this.alterKeyword = alterKeyword;
        this.holdsData = holdsData;
    }

    static ObjectType ofRelkind(String relkind) {
        return switch (relkind) {
            case "r" -> TABLE;
            case "p" -> PARTITIONED_TABLE;
            case "v" -> VIEW;
            case "m" -> MATERIALIZED_VIEW;
            case "f" -> FOREIGN_TABLE;
            case "S" -> SEQUENCE;
            default -> throw new IllegalArgumentException("relkind " + relkind);
        };
    }

    boolean isRelation() {
        return this == TABLE || this == PARTITIONED_TABLE || this == VIEW || this == MATERIALIZED_VIEW || this == FOREIGN_TABLE;
    }

    boolean isRoutine() {
        return this == FUNCTION || this == PROCEDURE;
    }
}
