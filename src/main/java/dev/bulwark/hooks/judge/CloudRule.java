package dev.bulwark.hooks.judge;

import java.util.List;
import java.util.Set;

/**
 * Cloud CLIs: deleting managed PostgreSQL (RDS, Cloud SQL, AlloyDB, Azure Database for PostgreSQL) or
 * its backups, turning RDS backups off, and deleting the repository's S3 bucket or its objects.
 */
final class CloudRule implements CommandRule {
    private static final Set<String> RDS_DELETES = Set.of("delete-db-instance", "delete-db-cluster", "delete-db-snapshot",
            "delete-db-cluster-snapshot", "delete-global-cluster", "delete-db-instance-automated-backup",
            "delete-db-cluster-automated-backup");
    private static final Options AWS = Options.permuting().value("region").value("profile").value("output")
            .value("endpoint-url").value("query").value("cli-read-timeout").value("cli-connect-timeout").value("color")
            .value("ca-bundle").value("cli-binary-format").value("db-instance-identifier").value("db-cluster-identifier")
            .value("db-snapshot-identifier").value("db-cluster-snapshot-identifier").value("global-cluster-identifier")
            .value("backup-retention-period").value("bucket").value("key").value("exclude").value("include").value("delete");
    private static final Options GCLOUD = Options.permuting().value("project").value("account").value("configuration")
            .value("format").value("verbosity").value("impersonate-service-account").value("billing-project").value("region")
            .value("zone").value("flags-file").value("cluster").value("instance").value("location");
    private static final Options AZ = Options.permuting().value("n", "name").value("g", "resource-group").value("subscription")
            .value("s", "server-name").value("d", "database-name").value("o", "output").value("query");

    @Override
    public Verdict judge(Invocation call) {
        return switch (call.program()) {
            case "aws" -> aws(call);
            case "gcloud" -> gcloud(call);
            default -> az(call);
        };
    }

    private static Verdict aws(Invocation call) {
        Options.Parsed o = AWS.parse(call.args());
        List<Arg> words = o.operands();
        if (words.size() < 2) return Verdict.allow("aws without an operation");
        String service = words.get(0).text();
        String operation = words.get(1).text();
        if (service.equals("rds") && RDS_DELETES.contains(operation)) {
            return Verdict.deny("aws rds " + operation + " " + identifier(o) + "deletes a database or its backups; a person"
                    + " does that, never an agent");
        }
        if (service.equals("rds") && operation.startsWith("modify-db-") && o.value("backup-retention-period") != null
                && o.value("backup-retention-period").is("0")) {
            return Verdict.deny("aws rds " + operation + " --backup-retention-period 0 turns off automated backups and"
                    + " deletes the ones taken");
        }
        if (service.equals("s3") || service.equals("s3api")) return S3Guard.judge(call, service, operation, o);
        if (service.equals("cloudformation") && operation.equals("delete-stack")) {
            return Verdict.ask("aws cloudformation delete-stack removes every resource of the stack, its databases included");
        }
        return Verdict.allow("aws " + service + " " + operation);
    }

    private static String identifier(Options.Parsed o) {
        for (String name : List.of("db-instance-identifier", "db-cluster-identifier", "db-snapshot-identifier",
                "db-cluster-snapshot-identifier", "global-cluster-identifier")) {
            if (o.value(name) != null) return o.value(name).text() + " ";
        }
        return "";
    }

    private static Verdict gcloud(Invocation call) {
        List<String> words = GCLOUD.parse(call.args()).operands().stream().map(Arg::text).toList();
        if (!words.isEmpty() && Set.of("alpha", "beta", "preview").contains(words.get(0))) words = words.subList(1, words.size());
        String path = String.join(" ", words.subList(0, Math.min(3, words.size())));
        if (path.matches("sql (instances|databases|backups) delete") || path.matches("alloydb (clusters|instances|backups) delete")) {
            return Verdict.deny("gcloud " + String.join(" ", words) + " deletes a PostgreSQL instance, database or backup;"
                    + " a person does that, never an agent");
        }
        if (path.startsWith("projects delete")) {
            return Verdict.ask("gcloud projects delete removes every resource of the project, its databases included");
        }
        return Verdict.allow("gcloud " + path);
    }

    private static Verdict az(Invocation call) {
        List<String> words = AZ.parse(call.args()).operands().stream().map(Arg::text).toList();
        if (words.isEmpty()) return Verdict.allow("az without a command");
        if (words.contains("postgres") && words.contains("delete")) {
            return Verdict.deny("az " + String.join(" ", words) + " deletes an Azure Database for PostgreSQL server or"
                    + " database; a person does that, never an agent");
        }
        if (words.size() >= 2 && words.get(0).equals("group") && words.get(1).equals("delete")) {
            return Verdict.ask("az group delete removes every resource in the group, its databases included");
        }
        return Verdict.allow("az " + String.join(" ", words));
    }
}
