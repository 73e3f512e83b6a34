package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl (and oc) delete of what holds data: persistent volumes and their claims, stateful sets,
 * namespaces, PostgreSQL operator clusters, and {@code all}. {@code helm uninstall} is asked of a
 * person: a release may own stateful sets and volume claims, or nothing that holds data.
 */
final class KubernetesRule implements CommandRule {
    private static final Set<String> DATA_KINDS = Set.of("pv", "pvc", "persistentvolume", "persistentvolumes",
            "persistentvolumeclaim", "persistentvolumeclaims", "statefulset", "statefulsets", "sts", "namespace", "namespaces",
            "ns", "all");
    private static final Pattern KIND = Pattern.compile("(?m)^\\s*kind:\\s*[\"']?([A-Za-z]+)");
    private static final Pattern POSTGRES_OPERATORS = Pattern.compile("cnpg\\.io|acid\\.zalan\\.do|crunchydata\\.com|stackgres");
    private static final Options KUBECTL = Options.permuting().value("n", "namespace").value("context").value("cluster")
            .value("kubeconfig").value("user").value("s", "server").value("token").value("as").value("as-group")
            .value("request-timeout").value("f", "filename").value("k", "kustomize").value("l", "selector")
            .value("field-selector").value("o", "output").value("grace-period").value("timeout").value("raw");
    private static final Options HELM = Options.permuting().value("n", "namespace").value("kube-context").value("kubeconfig")
            .value("timeout").value("cascade");

    @Override
    public Verdict judge(Invocation call) {
        if (call.program().equals("helm")) return helm(call);
        Options.Parsed o = KUBECTL.parse(call.args());
        List<Arg> operands = o.operands();
        if (operands.isEmpty() || !operands.get(0).is("delete")) return Verdict.allow(call.program() + " changes nothing that holds data");
        String tool = call.program() + " delete";
        for (Arg file : o.values("f")) {
            Verdict v = manifest(call, tool, file);
            if (!v.allowed()) return v;
        }
        if (o.has("k")) return Verdict.ask(tool + " -k deletes what a kustomization builds, which Bulwark does not read");
        List<String> kinds = kinds(operands.subList(1, operands.size()));
        for (String kind : kinds) {
            if (holdsData(kind)) {
                return Verdict.deny(tool + " " + kind + call.onHost() + " deletes storage that holds data (or everything in a"
                        + " namespace); a person does that, never an agent");
            }
        }
        return Verdict.allow(tool + " of resources that hold no data");
    }

    private static Verdict manifest(Invocation call, String tool, Arg file) {
        String text;
        if (file.is("-")) {
            text = call.stdin() instanceof Input.Text t ? t.text() : null;
        } else if (file.text().matches("https?://.*")) {
            text = null;
        } else {
            text = call.read(file);
        }
        if (text == null) return Verdict.ask(tool + " -f " + file.text() + ": Bulwark cannot read what it deletes");
        if (POSTGRES_OPERATORS.matcher(text).find()) {
            return Verdict.deny(tool + " -f " + file.text() + " deletes a PostgreSQL cluster managed by an operator");
        }
        Matcher m = KIND.matcher(text);
        while (m.find()) {
            if (holdsData(m.group(1))) return Verdict.deny(tool + " -f " + file.text() + " deletes a " + m.group(1) + ", which holds data");
        }
        return Verdict.allow(tool + " -f of resources that hold no data");
    }

    /** {@code pvc,sts name}, {@code pvc/data-0 statefulset/db}: the resource types named. */
    private static List<String> kinds(List<Arg> args) {
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            int slash = t.indexOf('/');
            if (slash > 0) {
                kinds.add(t.substring(0, slash));
            } else if (i == 0) {
                for (String k : t.split(",")) kinds.add(k);
            }
        }
        return kinds;
    }

    private static boolean holdsData(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        int dot = k.indexOf('.');
        String base = dot > 0 ? k.substring(0, dot) : k;
        return DATA_KINDS.contains(base) || k.contains("postgres") || k.contains("cnpg");
    }

    private static Verdict helm(Invocation call) {
        List<Arg> operands = HELM.parse(call.args()).operands();
        if (operands.isEmpty() || !Set.of("uninstall", "delete", "del", "un").contains(operands.get(0).text())) {
            return Verdict.allow("helm without uninstall");
        }
        String releases = String.join(" ", operands.subList(1, operands.size()).stream().map(Arg::text).toList());
        return Verdict.ask("helm uninstall " + releases + " removes everything the release installed, which can include"
                + " StatefulSets and PersistentVolumeClaims holding data; a person should confirm");
    }
}
