package dev.bulwark.rehearse.script;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway's file naming: {@code V<version>__<description>.sql} (versioned, applied in version order, where
 * {@code 1.10} comes after {@code 1.9} and {@code 1.0} equals {@code 1}) and {@code R__<description>.sql}
 * (repeatable, applied after all versioned ones, by description).
 */
record FlywayName(String version, List<BigInteger> parts, String description) {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");

    static final Comparator<FlywayName> ORDER = (a, b) -> {
        if (a.isRepeatable() != b.isRepeatable()) return a.isRepeatable() ? 1 : -1;
        if (a.isRepeatable()) return a.description.compareTo(b.description);
        return compareVersions(a.parts, b.parts);
    };

    /** The name's meaning, or null when it is not a Flyway migration. */
    static FlywayName parse(String fileName) {
        Matcher v = VERSIONED.matcher(fileName);
        if (v.matches()) {
            List<BigInteger> parts = new ArrayList<>();
            for (String p : v.group(1).split("[._]")) parts.add(new BigInteger(p));
            while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) parts.remove(parts.size() - 1);
            return new FlywayName(v.group(1).replace('_', '.'), List.copyOf(parts), v.group(2).replace('_', ' '));
        }
        Matcher r = REPEATABLE.matcher(fileName);
        return r.matches() ? new FlywayName(null, List.of(), r.group(1).replace('_', ' ')) : null;
    }

    boolean isRepeatable() {
        return version == null;
    }

    private static int compareVersions(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
            BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
            int c = x.compareTo(y);
            if (c != 0) return c;
        }
        return 0;
    }
}
