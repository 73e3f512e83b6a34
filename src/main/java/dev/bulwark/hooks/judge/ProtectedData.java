package dev.bulwark.hooks.judge;

import java.nio.file.Path;
import java.util.List;

/**
 * Files and buckets whose loss loses the backups or their evidence: the repository, the approvals and
 * audit store. {@code bucket} is set when the repository lives in S3.
 */
public record ProtectedData(List<ProtectedPath> paths, S3Location bucket) {
    public static final ProtectedData NONE = new ProtectedData(List.of(), null);

    public ProtectedData {
        paths = List.copyOf(paths);
    }

    /** {@code what} names the thing for a person: "the Bulwark repository". */
    public record ProtectedPath(Path path, String what) {
        public ProtectedPath {
            path = path.toAbsolutePath().normalize();
        }
    }

    /** {@code s3://bucket/prefix}; the prefix is empty for a whole bucket and never starts with a slash. */
    public record S3Location(String bucket, String prefix, String what) {
        public static S3Location parse(String url, String what) {
            String rest = url.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
            return new S3Location(bucket, prefix, what);
        }
    }
}
