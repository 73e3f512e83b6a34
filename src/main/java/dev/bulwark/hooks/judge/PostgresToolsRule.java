package dev.bulwark.hooks.judge;

import java.util.List;
import java.util.Optional;

/** pg_restore, dropdb, pg_dropcluster and pg_resetwal. */
final class PostgresToolsRule implements CommandRule {
    private static final Options DROPDB = Options.permuting().value("h", "host").value("p", "port").value("U", "username")
            .value("maintenance-db");

    @Override
    public Verdict judge(Invocation call) {
        if (call.args().stream().anyMatch(a -> a.is("--help") || a.is("-?") || a.is("--version") || a.is("-V"))) {
            return Verdict.allow(call.program() + " help");
        }
        return switch (call.program()) {
            case "pg_restore" -> pgRestore(call);
            case "dropdb" -> dropdb(call);
            case "pg_dropcluster" -> Verdict.deny("pg_dropcluster " + String.join(" ", texts(call.args())) + call.onHost()
                    + " deletes a PostgreSQL cluster with all its data");
            default -> call.args().stream().anyMatch(a -> a.is("-n") || a.is("--dry-run"))
                    ? Verdict.allow(call.program() + " dry run")
                    : Verdict.deny(call.program() + call.onHost() + " throws away write-ahead log and can lose committed data;"
                    + " a person runs it, never an agent");
        };
    }

    private static Verdict pgRestore(Invocation call) {
        Options.Parsed o = PgConnections.DUMP_RESTORE.parse(call.args());
        if (o.has("l")) return Verdict.allow("pg_restore --list only reads the archive");
        if (o.value("d") == null) return Verdict.allow("pg_restore without --dbname writes a script and restores nothing");
        PgTarget target = PgConnections.resolve(call, o, null, null);
        Optional<String> production = call.policy().production().match(target, call.state().remoteHost());
        String where = production.map(name -> "the production database " + name + " (" + target.describe() + ")")
                .orElse(target.describe()) + call.onHost();
        if (o.has("c")) {
            return Verdict.deny("pg_restore --clean drops every object of the archive in " + where + " before restoring it")
                    .concerning(production.orElse(null));
        }
        if (production.isPresent()) {
            return Verdict.deny("pg_restore would write into " + where + "; restore into a sandbox (bulwark verify) or a"
                    + " database that is not production").concerning(production.get());
        }
        return Verdict.allow("pg_restore into a database that is not production");
    }

    private static Verdict dropdb(Invocation call) {
        Options.Parsed o = DROPDB.parse(call.args());
        Arg name = o.operands().isEmpty() ? null : o.operands().get(0);
        PgTarget target = PgConnections.resolve(call, o, name, null);
        Optional<String> production = call.policy().production().match(target, call.state().remoteHost());
        String what = production.map(n -> "the production database " + n + " (" + target.describe() + ")")
                .orElse("the database " + (name == null ? "" : name.text() + " at ") + target.describe());
        return Verdict.deny("dropdb deletes " + what + call.onHost() + " with all its data").concerning(production.orElse(null));
    }

    private static List<String> texts(List<Arg> args) {
        return args.stream().map(Arg::text).toList();
    }
}
