package dev.bulwark.pitr;

import java.util.ArrayList;
import java.util.List;

/**
 * A timeline history file ({@code 00000003.history}): each ancestor timeline and the LSN where the
 * next one branched off. Lines are {@code parentTLI <tab> switchpoint <tab> reason}; comments start with #.
 */
public record TimelineHistory(int timeline, List<Branch> ancestors) {
    public record Branch(int timeline, long switchLsn) {}

    public static TimelineHistory parse(int timeline, String text) {
        List<Branch> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] fields = l.split("\\s+");
            if (fields.length < 2) throw new IllegalArgumentException("timeline history line '" + line + "' has no switch point");
            out.add(new Branch(Integer.parseInt(fields[0]), Lsn.parse(fields[1])));
        }
        return new TimelineHistory(timeline, List.copyOf(out));
    }

    /** The first timeline (no history file): one branch that never ended. */
    public static TimelineHistory first(int timeline) {
        return new TimelineHistory(timeline, List.of());
    }
}
