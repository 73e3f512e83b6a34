package dev.bulwark.pitr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where wal-stream starts receiving: always at the start of a segment on the server's current
 * timeline, so that every segment it publishes is whole. In order of preference: right after the
 * newest complete segment in the archive (no gap, nothing received twice), the segment holding
 * the slot's restart_lsn (the server keeps WAL from there), the segment the server is writing now.
 * A later candidate is used when the server no longer has the WAL of an earlier one.
 *
 * <p>pgjdbc's physical stream always asks for the server's current timeline. After a failover the
 * new timeline's first segment holds a copy of the old timeline up to the switch, so streaming
 * starts there at the latest; the old timeline's last segments come from archive_command.
 */
public record StreamStart(long lsn, String why) {

    /** What the archive and the server say. */
    public record Facts(int serverTimeline, long serverFlushLsn, TimelineHistory serverHistory, long segmentSize,
                        Optional<WalFileName> newestArchived, Optional<Long> slotRestartLsn) {}

    /** The candidates in the order to try them; never empty. */
    public static List<StreamStart> candidates(Facts f) {
        long timelineStart = floor(timelineStart(f.serverHistory()), f.segmentSize());
        List<StreamStart> out = new ArrayList<>();
        f.newestArchived().filter(n -> n.timeline() <= f.serverTimeline()).ifPresent(n -> {
            long end = (n.segmentNumber(f.segmentSize()) + 1) * f.segmentSize();
            if (n.timeline() == f.serverTimeline()) {
                out.add(new StreamStart(Math.max(end, timelineStart), "after the newest archived segment " + n.name()));
            } else {
                out.add(new StreamStart(timelineStart, "at the start of timeline " + f.serverTimeline() + " (the newest archived "
                        + "segment, " + n.name() + ", is of timeline " + n.timeline() + ")"));
            }
        });
        f.slotRestartLsn().ifPresent(lsn -> out.add(new StreamStart(Math.max(floor(lsn, f.segmentSize()), timelineStart),
                "at the slot's restart_lsn " + Lsn.format(lsn))));
        out.add(new StreamStart(Math.max(floor(f.serverFlushLsn(), f.segmentSize()), timelineStart),
                "at the segment the server is writing (" + Lsn.format(f.serverFlushLsn()) + ")"));
        // A start past what the server has written cannot be asked for; the archive may be ahead after a restore of the server.
        List<StreamStart> possible = new ArrayList<>();
        for (StreamStart s : out) {
            if (s.lsn() <= f.serverFlushLsn() && possible.stream().noneMatch(p -> p.lsn() == s.lsn())) possible.add(s);
        }
        return List.copyOf(possible);
    }

    /** Where the server's current timeline began: its last switch point, or 0 on the first timeline. */
    static long timelineStart(TimelineHistory history) {
        List<TimelineHistory.Branch> ancestors = history.ancestors();
        return ancestors.isEmpty() ? 0 : ancestors.get(ancestors.size() - 1).switchLsn();
    }

    static long floor(long lsn, long segmentSize) {
        return lsn - lsn % segmentSize;
    }
}
