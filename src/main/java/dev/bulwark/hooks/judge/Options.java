package dev.bulwark.hooks.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A program's command-line options read the way getopt_long reads them: clusters of short flags
 * ({@code -tAc}), values attached or separate ({@code -dapp}, {@code -d app}, {@code --dbname=app}),
 * and {@code --} ending the options. Only the options that take a value need declaring; any other
 * option is a flag. In POSIX mode the options end at the first operand (what wrappers like sudo do).
 */
final class Options {
    private final Map<String, String> canonical = new HashMap<>();
    private final Set<String> valued = new HashSet<>();
    private final boolean posix;

    private Options(boolean posix) {
        this.posix = posix;
    }

    /** Options may follow operands (GNU style: psql, pg_restore, rm). */
    static Options permuting() {
        return new Options(false);
    }

    /** Options end at the first operand: the rest is a command and its own arguments. */
    static Options posix() {
        return new Options(true);
    }

    /** Options taking a value; the first name is the canonical one. */
    Options value(String... names) {
        valued.add(names[0]);
        return alias(names);
    }

    /** Flags with several spellings; the first name is the canonical one. */
    Options flag(String... names) {
        return alias(names);
    }

    private Options alias(String... names) {
        for (String n : names) canonical.put(n, names[0]);
        return this;
    }

    record Opt(String name, Arg value) {
    }

    /** {@code operands}: non-option arguments; in POSIX mode the first one and everything after it. */
    record Parsed(List<Opt> options, List<Arg> operands) {
        boolean has(String name) {
            return options.stream().anyMatch(o -> o.name().equals(name));
        }

        /** The last value given for {@code name}, or null. */
        Arg value(String name) {
            Arg found = null;
            for (Opt o : options) {
                if (o.name().equals(name) && o.value() != null) found = o.value();
            }
            return found;
        }

        List<Arg> values(String name) {
            return options.stream().filter(o -> o.name().equals(name) && o.value() != null).map(Opt::value).toList();
        }
    }

    Parsed parse(List<Arg> args) {
        List<Opt> options = new ArrayList<>();
        List<Arg> operands = new ArrayList<>();
        boolean ended = false;
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            String text = a.text();
            if (ended || a.dynamic() || !text.startsWith("-") || text.equals("-")) {
                operands.add(a);
                if (posix) ended = true;
                continue;
            }
            if (text.equals("--")) {
                ended = true;
                continue;
            }
            if (text.startsWith("--")) {
                String name = text.substring(2);
                Arg value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = new Arg(name.substring(eq + 1), false, a.glob());
                    name = name.substring(0, eq);
                }
                String key = canonical.getOrDefault(name, name);
                if (value == null && valued.contains(key) && i + 1 < args.size()) value = args.get(++i);
                options.add(new Opt(key, value));
                continue;
            }
            for (int j = 1; j < text.length(); j++) {
                String key = canonical.getOrDefault(String.valueOf(text.charAt(j)), String.valueOf(text.charAt(j)));
                if (!valued.contains(key)) {
                    options.add(new Opt(key, null));
                    continue;
                }
                String rest = text.substring(j + 1);
                Arg value = !rest.isEmpty() ? new Arg(rest, false, a.glob()) : i + 1 < args.size() ? args.get(++i) : null;
                options.add(new Opt(key, value));
                break;
            }
        }
        return new Parsed(options, operands);
    }
}
