package dev.bulwark.gate.proxy;

import dev.bulwark.gate.sql.Classification;
import dev.bulwark.gate.sql.Classifier;
import dev.bulwark.gate.sql.SessionState;

/** The gate's policy: forward what the classifier proves is a read, hold everything else. */
public final class ClassifierPolicy implements StatementPolicy {
    private final Classifier classifier = new Classifier();
    private final SessionState state = new SessionState(true);

    @Override
    public Verdict judge(String sql) {
        return verdict(sql, classifier.classify(sql, state));
    }

    @Override
    public Verdict judgeParse(String statementName, String sql) {
        Classification c = classifier.classify(sql, state);
        // Protocol-level and SQL-level prepared statements share one namespace: EXECUTE may name either.
        if (!statementName.isEmpty()) state.recordPrepared(statementName, c.isRead());
        return verdict(sql, c);
    }

    @Override
    public void serverParameter(String name, String value) {
        if (name.equals("standard_conforming_strings")) {
            state.standardConformingStrings("on".equalsIgnoreCase(value));
        }
    }

    private static Verdict verdict(String sql, Classification c) {
        return c.isRead() ? new Verdict.Forward() : new Verdict.Hold(sql, c.reason());
    }
}
