package dev.bulwark.pitr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds WAL segments missing from an archive between a starting segment (the oldest base
 * backup's) and an end, following the timeline history: on each ancestor timeline the segments up
 * to the one holding its switch point (that one lives on as the first of the next timeline), then
 * on the newest timeline up to the end. A single missing segment makes every moment after it
 * unrestorable from the base backups before it.
 */
public final class WalGaps {
    private WalGaps() {}

    /** Segments {@code first}..{@code last} of {@code timeline} (names) are missing. */
    public record Gap(int timeline, String first, String last, long count) {
        public String describe() {
            return count == 1 ? first : first + " .. " + last + " (" + count + " segments)";
        }
    }

    /**
     * @param startTimeline the base backup's timeline and start segment number
     * @param endSegment    the last segment that must be archived on the newest timeline (inclusive); -1 for the newest archived
     */
    public static List<Gap> find(List<WalFileName> archived, long segmentSize, int startTimeline, long startSegment,
                                 TimelineHistory newest, long endSegment) {
        Map<Integer, Set<Long>> have = new HashMap<>();
        Map<Integer, Long> highest = new HashMap<>();
        for (WalFileName f : archived) {
            if (!f.isSegment()) continue;
            long n = f.segmentNumber(segmentSize);
            have.computeIfAbsent(f.timeline(), k -> new HashSet<>()).add(n);
            highest.merge(f.timeline(), n, Math::max);
        }
        List<Gap> gaps = new ArrayList<>();
        long cursor = startSegment;
        for (TimelineHistory.Branch branch : newest.ancestors()) {
            long end = branch.switchLsn() / segmentSize - 1;
            if (branch.timeline() >= startTimeline) {
                collect(gaps, have, branch.timeline(), cursor, end, segmentSize);
            }
            cursor = Math.max(cursor, end + 1);
        }
        long last = Math.max(endSegment, highest.getOrDefault(newest.timeline(), -1L));
        collect(gaps, have, newest.timeline(), cursor, last, segmentSize);
        return gaps;
    }

    private static void collect(List<Gap> gaps, Map<Integer, Set<Long>> have, int timeline, long from, long to, long segmentSize) {
        Set<Long> present = have.getOrDefault(timeline, Set.of());
        long runStart = -1;
        for (long n = from; n <= to + 1; n++) {
            boolean missing = n <= to && !present.contains(n);
            if (missing && runStart < 0) runStart = n;
            if (!missing && runStart >= 0) {
                gaps.add(new Gap(timeline, WalFileName.segmentName(timeline, runStart, segmentSize),
                        WalFileName.segmentName(timeline, n - 1, segmentSize), n - runStart));
                runStart = -1;
            }
        }
    }
}
