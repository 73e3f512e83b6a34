package dev.bulwark.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in config values so that secrets come
 * from the environment, never from the file. As in the shell, the default applies when the
 * variable is unset or empty. {@code $${} stands for a literal {@code ${}.
 */
public final class EnvExpander {
    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Function<String, String> env;

    public EnvExpander(Function<String, String> env) {
        this.env = env;
    }

    public static EnvExpander of(Map<String, String> env) {
        return new EnvExpander(env::get);
    }

    /** Expands every reference, or throws IllegalArgumentException naming the missing variable. */
    public String expand(String value) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else {
                String v = env.apply(m.group(1));
                if (v == null || (v.isEmpty() && m.group(2) != null)) {
                    if (m.group(2) == null) {
                        throw new IllegalArgumentException("environment variable " + m.group(1)
                                + " is not set; export it or write ${" + m.group(1) + ":-default}");
                    }
                    v = m.group(3);
                }
                replacement = v;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
