package dev.bulwark.hooks.judge;

import java.util.List;

import dev.bulwark.hooks.judge.ProtectedData.S3Location;

/**
 * The repository's S3 bucket: {@code aws s3 rb --force}, {@code aws s3 rm [--recursive]}, {@code sync --delete}
 * into it, {@code mv} out of it, and s3api deletes.
 */
final class S3Guard {
    private S3Guard() {
    }

    static Verdict judge(Invocation call, String service, String operation, Options.Parsed o) {
        S3Location repo = call.policy().protectedData().bucket();
        if (repo == null) return Verdict.allow("no repository in S3");
        List<String> urls = o.operands().stream().map(Arg::text).filter(t -> t.startsWith("s3://")).toList();
        boolean recursive = o.has("recursive");
        if (service.equals("s3api")) {
            boolean deletes = operation.startsWith("delete-bucket") || operation.startsWith("delete-object");
            return deletes && o.value("bucket") != null && o.value("bucket").is(repo.bucket())
                    ? deny("aws s3api " + operation + " --bucket " + repo.bucket(), repo)
                    : Verdict.allow("s3api outside the repository");
        }
        switch (operation) {
            case "rb" -> {
                if (!urls.isEmpty() && covers(urls.get(0), repo) && o.has("force")) return deny("aws s3 rb --force " + urls.get(0), repo);
            }
            case "rm" -> {
                for (String url : urls) {
                    if (recursive ? covers(url, repo) : inside(url, repo)) return deny("aws s3 rm " + url, repo);
                }
            }
            case "sync" -> {
                String destination = urls.isEmpty() ? null : urls.get(urls.size() - 1);
                if (o.has("delete") && destination != null && (covers(destination, repo) || inside(destination, repo))) {
                    return deny("aws s3 sync --delete into " + destination, repo);
                }
            }
            case "mv" -> {
                String source = o.operands().isEmpty() ? null : o.operands().get(0).text();
                if (source != null && source.startsWith("s3://") && (recursive ? covers(source, repo) : inside(source, repo))) {
                    return deny("aws s3 mv " + source, repo);
                }
            }
            default -> {
            }
        }
        return Verdict.allow("s3 outside the repository");
    }

    private static Verdict deny(String what, S3Location repo) {
        return Verdict.deny(what + " deletes " + repo.what() + " (s3://" + repo.bucket() + (repo.prefix().isEmpty() ? "" : "/" + repo.prefix())
                + ")");
    }

    /** Removing everything under {@code url} removes the repository, or part of it. */
    private static boolean covers(String url, S3Location repo) {
        S3Location target = S3Location.parse(url, "");
        if (!target.bucket().equals(repo.bucket())) return false;
        return target.prefix().isEmpty() || repo.prefix().isEmpty() || repo.prefix().equals(target.prefix())
                || repo.prefix().startsWith(target.prefix() + "/") || target.prefix().startsWith(repo.prefix() + "/");
    }

    /** {@code url} names an object inside the repository. */
    private static boolean inside(String url, S3Location repo) {
        S3Location target = S3Location.parse(url, "");
        return target.bucket().equals(repo.bucket())
                && (repo.prefix().isEmpty() || target.prefix().equals(repo.prefix()) || target.prefix().startsWith(repo.prefix() + "/"));
    }
}
