package dev.bulwark.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.bulwark.BulwarkException;
import dev.bulwark.postgres.PgUrl;

/** Checks what binding cannot: required keys, well-formed URLs, settings that need each other. */
final class ConfigValidator {
    /** A Terraform resource type, or a pattern of one with {@code *}. */
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Za-z0-9_*]+");

    private final String file;

    ConfigValidator(String file) {
        this.file = file;
    }

    void validate(BulwarkConfig config) {
        for (Map.Entry<String, DatabaseConfig> e : config.databases().entrySet()) {
            validateDatabase("databases." + e.getKey(), e.getValue());
        }
        if (config.repository() != null) {
            String path = config.repository().path();
            if (path == null || path.isBlank()) {
                fail("repository.path", "is required, e.g. 'repository: { path: /var/lib/bulwark }'");
            }
            if (path.startsWith("s3://")) {
                fail("repository.path", "S3 repositories are not supported by this version; use a local directory");
            }
        }
        if (config.gate() != null && (config.gate().tlsCert() == null) != (config.gate().tlsKey() == null)) {
            fail("gate", "needs both tls_cert and tls_key for TLS, or neither");
        }
        if (config.gate() != null && config.gate().ddlApprovals() != null
                && (config.gate().ddlApprovals() < 1 || config.gate().ddlApprovals() > 2)) {
            fail("gate.ddl_approvals", "must be 1 or 2, not " + config.gate().ddlApprovals());
        }
        if (config.gate() != null && config.gate().threads() != null && !GateConfig.THREAD_KINDS.contains(config.gate().threads())) {
            fail("gate.threads", "must be platform or virtual, not '" + config.gate().threads() + "'");
        }
        List<String> dataBearing = config.terraform().dataBearing();
        for (int i = 0; i < dataBearing.size(); i++) {
            String type = dataBearing.get(i);
            if (type == null || !RESOURCE_TYPE.matcher(type).matches()) {
                fail("terraform.data_bearing[" + i + "]", "must be a resource type such as aws_db_instance, or a pattern"
                        + " with * such as 'acme_*_volume', not '" + type + "'");
            }
        }
        VerificationConfig v = config.verification();
        if (!v.target().equals("sandbox") && !v.target().equals("url")) {
            fail("verification.target", "must be 'sandbox' or 'url', not '" + v.target() + "'");
        }
        if (v.target().equals("url") && v.url() == null) {
            fail("verification.url", "is required when verification.target is 'url'");
        }
        if (v.target().equals("sandbox") && v.url() != null) {
            fail("verification.target", "is 'sandbox' but a verification url is set; remove one of them");
        }
        if (v.url() != null) {
            parseUrl("verification.url", v.url());
        }
    }

    private void validateDatabase(String key, DatabaseConfig db) {
        if (db == null) {
            fail(key, "is empty; it needs at least 'url:'");
        }
        if (db.url() == null || db.url().isBlank()) {
            fail(key + ".url", "is required, e.g. postgresql://backup@db.internal:5432/app");
        }
        parseUrl(key + ".url", db.url());
        for (int i = 0; i < db.criticalTables().size(); i++) {
            DatabaseConfig.CriticalTable t = db.criticalTables().get(i);
            String k = key + ".critical_tables[" + i + "]";
            if (t == null || t.table() == null || t.table().isBlank()) {
                fail(k + ".table", "is required (schema.table)");
            }
            if (t.minRows() != null && t.minRows() < 0) {
                fail(k + ".min_rows", "must not be negative");
            }
            if (t.freshColumn() != null && db.rpo() == null) {
                fail(k + ".fresh_column", "needs the database's 'rpo:' to know how fresh the data must be");
            }
        }
        for (int i = 0; i < db.checks().size(); i++) {
            DatabaseConfig.SqlCheck c = db.checks().get(i);
            String k = key + ".checks[" + i + "]";
            if (c == null || c.name() == null || c.name().isBlank()) {
                fail(k + ".name", "is required");
            }
            if (c.sql() == null || c.sql().isBlank()) {
                fail(k + ".sql", "is required: a query that returns true when the data is right");
            }
        }
        if (db.pitr() != null && (db.pitr().managedBy() == null || db.pitr().managedBy().isBlank())) {
            fail(key + ".pitr.managed_by", "is required in a 'pitr:' section: the provider whose point-in-time recovery is on "
                    + "(e.g. 'AWS RDS'); leave 'pitr:' out when Bulwark archives the WAL itself");
        }
        if (db.gate() != null) {
            if (db.gate().readonlyUrl() != null) parseUrl(key + ".gate.readonly_url", db.gate().readonlyUrl());
            if (db.gate().writeUrl() != null) parseUrl(key + ".gate.write_url", db.gate().writeUrl());
        }
    }

    private void parseUrl(String key, String url) {
        try {
            PgUrl.parse(url);
        } catch (IllegalArgumentException e) {
            fail(key, e.getMessage());
        }
    }

    private void fail(String key, String message) {
        throw BulwarkException.usage(file + ": " + key + " " + message);
    }
}
