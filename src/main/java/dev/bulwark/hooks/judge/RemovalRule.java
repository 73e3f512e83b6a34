package dev.bulwark.hooks.judge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deleting files: rm, find -delete (or -exec rm), rsync --delete, git clean, mv (away), shred, unlink, truncate
 * and tee.
 * Refused when what goes is the Bulwark repository, the approvals and audit store, or PostgreSQL's
 * data, whether named directly, through a parent directory, a glob or a symbolic link.
 */
final class RemovalRule implements CommandRule {
    private static final Options RM = Options.permuting().flag("r", "R", "recursive");
    private static final Options RSYNC = Options.permuting().value("e", "rsh").value("exclude").value("include")
            .value("filter").value("f").value("files-from").value("exclude-from").value("include-from").value("T", "temp-dir")
            .value("backup-dir").value("suffix").value("chmod").value("chown").value("rsync-path").value("password-file")
            .value("log-file").value("partial-dir").value("compare-dest").value("copy-dest").value("link-dest").value("max-size")
            .value("min-size").value("max-delete").value("timeout").value("bwlimit").value("port");
    private static final Options GIT = Options.posix().value("C").value("c").value("git-dir").value("work-tree")
            .value("namespace");
    private static final Set<String> FIND_DELETERS = Set.of("rm", "shred", "unlink", "rmdir");

    @Override
    public Verdict judge(Invocation call) {
        PathGuard guard = PathGuard.of(call.policy());
        return switch (call.program()) {
            case "rm" -> rm(call, guard);
            case "find" -> find(call, guard);
            case "rsync" -> rsync(call, guard);
            case "git" -> gitClean(call, guard);
            case "mv" -> move(call, guard);
            case "sqlite3" -> sqlite(call, guard);
            default -> eachFile(call, guard);
        };
    }

    private static Verdict rm(Invocation call, PathGuard guard) {
        Options.Parsed o = RM.parse(call.args());
        boolean recursive = o.has("r");
        for (Arg target : o.operands()) {
            String hit = guard.removing(target, call.state(), recursive);
            if (hit != null) {
                return Verdict.deny("rm " + Wrappers.joined(call.args()) + call.onHost() + " deletes " + hit);
            }
        }
        return Verdict.allow("rm of unprotected paths");
    }

    /** Moving protected data away loses it as surely as deleting it: Bulwark no longer finds those backups. */
    private static Verdict move(Invocation call, PathGuard guard) {
        Options.Parsed o = Options.permuting().value("t", "target-directory").value("S", "suffix").parse(call.args());
        List<Arg> operands = o.operands();
        Arg destination = o.value("t") != null ? o.value("t") : operands.isEmpty() ? null : operands.get(operands.size() - 1);
        List<Arg> sources = o.value("t") != null ? operands : operands.subList(0, Math.max(0, operands.size() - 1));
        for (Arg source : sources) {
            String hit = guard.removing(source, call.state(), true);
            if (hit != null) return Verdict.deny("mv " + Wrappers.joined(call.args()) + " moves away " + hit);
        }
        Path target = destination == null ? null : call.resolve(destination);
        if (target != null && Files.isRegularFile(target) && guard.holding(target) != null) {
            return Verdict.deny("mv " + Wrappers.joined(call.args()) + " overwrites " + guard.holding(target));
        }
        return Verdict.allow("mv of unprotected paths");
    }

    /** The approvals and audit store through the sqlite3 shell: reading is fine, changing it is tampering. */
    private static Verdict sqlite(Invocation call, PathGuard guard) {
        Options.Parsed o = Options.permuting().value("cmd").value("init").value("separator").value("newline").value("nullvalue")
                .parse(call.args());
        if (o.operands().isEmpty()) return Verdict.allow("sqlite3 without a database");
        Path database = call.resolve(o.operands().get(0));
        String hit = database == null ? null : guard.holding(database);
        if (hit == null) return Verdict.allow("sqlite3 on an unprotected file");
        List<Arg> sql = o.operands().subList(1, o.operands().size());
        String text = sql.isEmpty() ? (call.stdin() instanceof Input.Text t ? t.text() : null) : Wrappers.joined(sql);
        boolean reads = text != null && text.strip().toLowerCase().matches("(select|pragma integrity_check|\\.(tables|schema|dump)\\b).*");
        return reads ? Verdict.allow("sqlite3 reads " + hit)
                : Verdict.deny("sqlite3 on " + hit + " can change it; the audit log is written by Bulwark alone");
    }

    /** shred, unlink, truncate, and tee (which empties the files it writes unless appending): one file at a time. */
    private static Verdict eachFile(Invocation call, PathGuard guard) {
        if (call.program().equals("tee") && call.args().stream().anyMatch(a -> a.is("-a") || a.is("--append"))) {
            return Verdict.allow("tee appends");
        }
        for (Arg a : call.args()) {
            if (a.text().startsWith("-")) continue;
            String hit = guard.removing(a, call.state(), false);
            if (hit != null) return Verdict.deny(call.program() + " " + a.text() + " destroys " + hit);
        }
        return Verdict.allow(call.program() + " of unprotected files");
    }

    private static Verdict find(Invocation call, PathGuard guard) {
        List<Arg> args = call.args();
        int i = 0;
        while (i < args.size() && args.get(i).text().matches("-[HLP]|-O\\d*|-D")) i += args.get(i).is("-D") ? 2 : 1;
        List<Arg> starts = new ArrayList<>();
        while (i < args.size() && !isExpression(args.get(i).text())) starts.add(args.get(i++));
        if (starts.isEmpty()) starts.add(Arg.of("."));
        boolean deletes = false;
        for (; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.equals("-delete")) deletes = true;
            if (t.equals("-exec") || t.equals("-execdir") || t.equals("-ok") || t.equals("-okdir")) {
                List<Arg> command = new ArrayList<>();
                for (i++; i < args.size() && !args.get(i).is(";") && !args.get(i).is("+"); i++) {
                    Arg a = args.get(i);
                    command.add(a.text().contains("{}") ? new Arg(a.text(), true, false) : a);
                }
                if (!command.isEmpty() && FIND_DELETERS.contains(ScriptWalker.programName(command.get(0)))) deletes = true;
                else if (!command.isEmpty()) call.alsoRuns(command);
            }
        }
        if (!deletes) return Verdict.allow("find that deletes nothing");
        for (Arg start : starts) {
            String hit = guard.removing(start, call.state(), true);
            if (hit != null) return Verdict.deny("find " + start.text() + " ... -delete" + call.onHost() + " reaches " + hit);
        }
        return Verdict.allow("find that deletes outside protected paths");
    }

    private static boolean isExpression(String t) {
        return t.startsWith("-") || t.equals("(") || t.equals("!") || t.equals(")") || t.equals(",");
    }

    private static Verdict rsync(Invocation call, PathGuard guard) {
        Options.Parsed o = RSYNC.parse(call.args());
        boolean deletes = o.options().stream().anyMatch(opt -> opt.name().startsWith("del"));
        List<Arg> operands = o.operands();
        if (!deletes || operands.size() < 2) return Verdict.allow("rsync that deletes nothing");
        Arg destination = operands.get(operands.size() - 1);
        if (destination.text().matches("[^/]*:.*")) return Verdict.allow("rsync --delete to another machine");
        String hit = guard.removing(destination, call.state(), true);
        return hit == null ? Verdict.allow("rsync --delete outside protected paths")
                : Verdict.deny("rsync --delete into " + destination.text() + " deletes " + hit);
    }

    /** {@code git clean -fd} removes untracked directories under the work tree, backups kept there included. */
    private static Verdict gitClean(Invocation call, PathGuard guard) {
        Options.Parsed global = GIT.parse(call.args());
        List<Arg> operands = global.operands();
        if (operands.isEmpty() || !operands.get(0).is("clean")) return Verdict.allow("git without clean");
        Options.Parsed clean = Options.permuting().value("e", "exclude").flag("f", "force").flag("n", "dry-run")
                .parse(operands.subList(1, operands.size()));
        if (!clean.has("f") || clean.has("n") || !clean.has("d")) return Verdict.allow("git clean that removes no directories");
        Path tree = global.value("C") != null ? call.resolve(global.value("C")) : call.state().cwd();
        String hit = tree == null ? null : guard.removing(tree, true);
        return hit == null ? Verdict.allow("git clean outside protected paths")
                : Verdict.deny("git clean -fd in " + tree + " removes untracked directories, including " + hit);
    }
}
