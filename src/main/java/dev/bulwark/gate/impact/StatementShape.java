package dev.bulwark.gate.impact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bulwark.gate.sql.Token;

/**
 * What kind of change a statement is, read from its tokens alone: which preview applies, which
 * tables it names, and (for DDL) the lock it takes. It parses only the few prefixes it needs; a
 * shape it does not recognise becomes {@link Kind#OTHER}, never a guess.
 *
 * @param action     e.g. {@code DELETE}, {@code DROP TABLE}, {@code CREATE INDEX}
 * @param lockLevel  the table lock a {@link Kind#LOCKING} statement takes, else null
 * @param targets    tables named (for REINDEX INDEX: the index, see {@code targetIsIndex})
 * @param note       something a reviewer should read that the shape alone tells (e.g. whole-database VACUUM FULL)
 */
record StatementShape(Kind kind, String action, String lockLevel, List<QualifiedName> targets,
                      boolean ifExists, boolean cascade, boolean targetIsIndex, String note) {

    enum Kind { DML, DROP_TABLE, TRUNCATE, LOCKING, OTHER }

    static StatementShape of(List<Token> t) {
        return new Parser(t).parse();
    }

    private static StatementShape other() {
        return new StatementShape(Kind.OTHER, null, null, List.of(), false, false, false, null);
    }

    private static StatementShape locking(String action, String level, List<QualifiedName> targets, boolean index, String note) {
        return new StatementShape(Kind.LOCKING, action, level, targets, false, false, index, note);
    }

    private static final class Parser {
        private final List<Token> t;
        private int i;

        Parser(List<Token> t) {
            this.t = t;
        }

        StatementShape parse() {
            if (t.isEmpty()) return other();
            String first = word();
            i++;
            return switch (first) {
                case "insert", "update", "delete", "merge", "with" -> new StatementShape(Kind.DML,
                        first.equals("with") ? "WITH" : first.toUpperCase(Locale.ROOT), null, List.of(), false, false, false, null);
                case "drop" -> accept("table") ? dropTable() : other();
                case "truncate" -> truncate();
                case "alter" -> accept("table") ? alterTable() : other();
                case "create" -> createIndex();
                case "vacuum" -> vacuum();
                case "cluster" -> cluster();
                case "reindex" -> reindex();
                case "lock" -> lock();
                default -> other();
            };
        }

        private StatementShape dropTable() {
            boolean ifExists = acceptIfExists();
            List<QualifiedName> names = nameList(false);
            return new StatementShape(Kind.DROP_TABLE, "DROP TABLE", LockLevels.ACCESS_EXCLUSIVE, names, ifExists,
                    lastWordIs("cascade"), false, null);
        }

        private StatementShape truncate() {
            accept("table");
            List<QualifiedName> names = nameList(false);
            return new StatementShape(Kind.TRUNCATE, "TRUNCATE", LockLevels.ACCESS_EXCLUSIVE, names, false,
                    lastWordIs("cascade"), false, null);
        }

        private StatementShape alterTable() {
            acceptIfExists();
            if (word().equals("all")) return other(); // ALTER TABLE ALL IN TABLESPACE: many tables, not previewed
            accept("only");
            QualifiedName name = name();
            if (name == null) return other();
            if (i < t.size() && t.get(i).text().equals("*")) i++;
            return locking("ALTER TABLE", LockLevels.alterTable(t, i, t.size()), List.of(name), false, null);
        }

        private StatementShape createIndex() {
            accept("unique");
            if (!accept("index")) return other();
            boolean concurrently = accept("concurrently");
            int on = TokenScan.topLevel(t, "on", i, t.size());
            if (on < 0) return other();
            i = on + 1;
            accept("only");
            QualifiedName name = name();
            if (name == null) return other();
            return concurrently
                    ? locking("CREATE INDEX CONCURRENTLY", LockLevels.SHARE_UPDATE_EXCLUSIVE, List.of(name), false, null)
                    : locking("CREATE INDEX", LockLevels.SHARE, List.of(name), false, null);
        }

        private StatementShape vacuum() {
            boolean full = false;
            if (i < t.size() && t.get(i).isPunct("(")) {
                int close = TokenScan.matchingParen(t, i);
                for (int k = i + 1; k < close; k++) {
                    if (t.get(k).isKeyword("full")) full = !isFalse(k + 1 < close ? t.get(k + 1) : null);
                }
                i = close + 1;
            } else {
                while (i < t.size() && List.of("full", "freeze", "verbose", "analyze", "analyse").contains(word())) {
                    if (word().equals("full")) full = true;
                    i++;
                }
            }
            if (!full) return other();
            List<QualifiedName> names = nameList(true);
            String note = names.isEmpty() ? "VACUUM FULL without a table list rewrites every table in the database" : null;
            return locking("VACUUM FULL", LockLevels.ACCESS_EXCLUSIVE, names, false, note);
        }

        private StatementShape cluster() {
            if (i < t.size() && t.get(i).isPunct("(")) i = TokenScan.matchingParen(t, i) + 1;
            accept("verbose");
            QualifiedName name = name();
            if (name == null) {
                return locking("CLUSTER", LockLevels.ACCESS_EXCLUSIVE, List.of(), false,
                        "CLUSTER without a table reclusters every previously clustered table");
            }
            if (accept("on")) { // the old form: CLUSTER index ON table
                QualifiedName table = name();
                if (table != null) name = table;
            }
            return locking("CLUSTER", LockLevels.ACCESS_EXCLUSIVE, List.of(name), false, null);
        }

        private StatementShape reindex() {
            if (i < t.size() && t.get(i).isPunct("(")) i = TokenScan.matchingParen(t, i) + 1;
            String what = word();
            if (!what.equals("table") && !what.equals("index")) return other();
            i++;
            boolean concurrently = accept("concurrently");
            QualifiedName name = name();
            if (name == null) return other();
            // REINDEX INDEX also takes ACCESS EXCLUSIVE on the index itself, which blocks reads that would use it.
            String level = concurrently ? LockLevels.SHARE_UPDATE_EXCLUSIVE : LockLevels.SHARE;
            String note = what.equals("index") && !concurrently
                    ? "REINDEX INDEX takes ACCESS EXCLUSIVE on index " + name + ": queries that would use it wait" : null;
            return locking(concurrently ? "REINDEX CONCURRENTLY" : "REINDEX", level, List.of(name), what.equals("index"), note);
        }

        private StatementShape lock() {
            accept("table");
            List<QualifiedName> names = nameList(false);
            String level = LockLevels.ACCESS_EXCLUSIVE;
            if (accept("in")) {
                List<String> words = new ArrayList<>();
                while (i < t.size() && !word().equals("mode") && !word().isEmpty()) words.add(t.get(i++).value());
                level = String.join(" ", words).toUpperCase(Locale.ROOT);
            }
            return locking("LOCK", level, names, false, null);
        }

        /** {@code [ONLY] name [*] [(columns)], ...}; column lists only where VACUUM allows them. */
        private List<QualifiedName> nameList(boolean columnLists) {
            List<QualifiedName> names = new ArrayList<>();
            while (i < t.size()) {
                accept("only");
                QualifiedName n = name();
                if (n == null) break;
                names.add(n);
                if (i < t.size() && t.get(i).text().equals("*")) i++;
                if (columnLists && i < t.size() && t.get(i).isPunct("(")) i = TokenScan.matchingParen(t, i) + 1;
                if (i < t.size() && t.get(i).isPunct(",")) i++;
                else break;
            }
            return names;
        }

        /** {@code name[.name[.name]]} at the cursor, or null. */
        private QualifiedName name() {
            if (i >= t.size() || !t.get(i).isName()) return null;
            List<String> parts = new ArrayList<>();
            parts.add(t.get(i++).value());
            while (i + 1 < t.size() && t.get(i).isPunct(".") && t.get(i + 1).isName() && parts.size() < 3) {
                parts.add(t.get(i + 1).value());
                i += 2;
            }
            return new QualifiedName(parts);
        }

        private boolean acceptIfExists() {
            if (word().equals("if") && i + 1 < t.size() && t.get(i + 1).isKeyword("exists")) {
                i += 2;
                return true;
            }
            return false;
        }

        private boolean accept(String keyword) {
            if (i < t.size() && t.get(i).isKeyword(keyword)) {
                i++;
                return true;
            }
            return false;
        }

        private String word() {
            return i < t.size() && t.get(i).type() == dev.bulwark.gate.sql.TokenType.IDENTIFIER ? t.get(i).value() : "";
        }

        private boolean lastWordIs(String keyword) {
            return t.get(t.size() - 1).isKeyword(keyword);
        }

        private static boolean isFalse(Token next) {
            if (next == null) return false;
            String v = next.value().toLowerCase(Locale.ROOT);
            return v.equals("false") || v.equals("off") || v.equals("0");
        }
    }
}
