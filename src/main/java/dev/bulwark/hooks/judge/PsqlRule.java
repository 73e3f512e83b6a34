package dev.bulwark.hooks.judge;

import java.util.List;
import java.util.Optional;

/**
 * psql: destructive SQL is refused wherever it goes; on a configured production database anything the
 * gate's classifier cannot prove is a read is refused too (changes go through the gate), and so is SQL
 * that cannot be seen in advance. SQL comes from {@code -c}, {@code -f} files, and psql's input (a
 * here-document, a pipe from echo or cat, a redirected file).
 */
final class PsqlRule implements CommandRule {

    @Override
    public Verdict judge(Invocation call) {
        Options.Parsed o = PgConnections.PSQL.parse(call.args());
        List<Arg> operands = o.operands();
        PgTarget target = PgConnections.resolve(call, o, operands.isEmpty() ? null : operands.get(0),
                operands.size() > 1 ? operands.get(1) : null);
        SqlReview sql = new SqlReview(call);
        boolean commandsGiven = false;
        for (Options.Opt opt : o.options()) {
            if (opt.value() == null) continue;
            if (opt.name().equals("c")) {
                commandsGiven = true;
                // a -c built from unknown pieces is still read: "DROP TABLE $t" drops whatever $t is
                if (opt.value().dynamic()) sql.unseen("a -c argument built from " + opt.value().text(), false);
                sql.text(opt.value().text(), 0);
            } else if (opt.name().equals("f")) {
                commandsGiven = true;
                if (opt.value().is("-")) sql.input(call.stdin());
                else sql.file(opt.value(), 0);
            }
        }
        if (!commandsGiven && !o.has("l")) sql.input(call.stdin());
        return decide(call, target, sql);
    }

    private static Verdict decide(Invocation call, PgTarget target, SqlReview sql) {
        Optional<String> production = call.policy().production().match(target, call.state().remoteHost());
        for (Arg reconnect : sql.reconnects()) {
            if (production.isPresent()) break;
            production = call.policy().production().match(PgConnections.database(target, reconnect), call.state().remoteHost());
        }
        String where = production.map(name -> "the production database " + name + " (" + target.describe() + ")")
                .orElse(target.describe()) + call.onHost();
        String database = production.orElse(null);
        if (sql.destructive() != null) {
            return Verdict.deny("psql would run " + sql.destructive() + " on " + where
                    + "; destructive SQL is run by a person, not an agent").concerning(database);
        }
        if (sql.unseenDrops()) {
            return Verdict.deny("psql would run the DROP statements of " + sql.unseen() + " on " + where).concerning(database);
        }
        if (production.isEmpty()) return Verdict.allow("psql with no destructive SQL, not on production");
        if (sql.write() != null) {
            return Verdict.deny("psql would change " + where + ": " + sql.write()
                    + "; changes to production go through the Bulwark gate, where a person approves them").concerning(database);
        }
        if (sql.unseen() != null) {
            return Verdict.deny("psql would run SQL Bulwark cannot see in advance (" + sql.unseen() + ") on " + where)
                    .concerning(database);
        }
        return Verdict.allow("psql reads production").concerning(database);
    }
}
