package dev.bulwark.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class WalNamesAndGapsTest {
    static final long MB16 = 16L * 1024 * 1024;
    static final long MB1 = 1024L * 1024;

    @Test
    void namesParseAndNumberAsPostgresCountsThem() {
        WalFileName n = WalFileName.parse("0000000200000001000000FF");
        assertThat(n.kind()).isEqualTo(WalFileName.Kind.SEGMENT);
        assertThat(n.timeline()).isEqualTo(2);
        assertThat(n.segmentNumber(MB16)).isEqualTo(256 + 255);
        assertThat(WalFileName.segmentName(2, 512, MB16)).isEqualTo("000000020000000200000000");
        assertThat(WalFileName.segmentName(1, 4096 + 3, MB1)).isEqualTo("000000010000000100000003");
        assertThat(WalFileName.parse("00000003.history").kind()).isEqualTo(WalFileName.Kind.HISTORY);
        assertThat(WalFileName.parse("000000010000000000000002.00000028.backup").kind()).isEqualTo(WalFileName.Kind.BACKUP_LABEL);
        assertThat(WalFileName.parse("000000010000000000000002.partial").kind()).isEqualTo(WalFileName.Kind.PARTIAL);
        assertThat(WalFileName.segmentOf("0/3000028", MB16)).isEqualTo(3);
        assertThat(Lsn.format(Lsn.parse("16/B374D848"))).isEqualTo("16/B374D848");
    }

    @Test
    void anythingElseIsRefusedSoNoPathCanBeWrittenOutsideTheArchive() {
        for (String bad : List.of("../../etc/passwd", "000000010000000000000002x", "RECOVERYXLOG", "00000001.history.gz", "")) {
            assertThatThrownBy(() -> WalFileName.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<WalFileName> segments(int timeline, long from, long to, long... skip) {
        return LongStream.rangeClosed(from, to).filter(n -> LongStream.of(skip).noneMatch(s -> s == n))
                .mapToObj(n -> WalFileName.parse(WalFileName.segmentName(timeline, n, MB1))).toList();
    }

    @Test
    void noGapInAContinuousArchive() {
        assertThat(WalGaps.find(segments(1, 2, 40), MB1, 1, 2, TimelineHistory.first(1), 40)).isEmpty();
    }

    @Test
    void missingSegmentsAreReportedAsRanges() {
        List<WalGaps.Gap> gaps = WalGaps.find(segments(1, 2, 40, 7, 20, 21, 22), MB1, 1, 2, TimelineHistory.first(1), 42);
        assertThat(gaps).extracting(WalGaps.Gap::first, WalGaps.Gap::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(WalFileName.segmentName(1, 7, MB1), 1L),
                org.assertj.core.groups.Tuple.tuple(WalFileName.segmentName(1, 20, MB1), 3L),
                org.assertj.core.groups.Tuple.tuple(WalFileName.segmentName(1, 41, MB1), 2L));
    }

    @Test
    void timelinesAreFollowedThroughTheirSwitchPoints() {
        // Timeline 2 branched off in segment 10: timeline 1 is needed up to 9, timeline 2 from 10 on.
        TimelineHistory history = TimelineHistory.parse(2, "1\t0/A00100\tno recovery target specified\n");
        List<WalFileName> archived = new java.util.ArrayList<>(segments(1, 2, 9));
        archived.addAll(segments(2, 10, 15));
        assertThat(WalGaps.find(archived, MB1, 1, 2, history, 15)).isEmpty();
        archived.removeIf(n -> n.name().equals(WalFileName.segmentName(2, 12, MB1)));
        assertThat(WalGaps.find(archived, MB1, 1, 2, history, 15)).singleElement()
                .extracting(WalGaps.Gap::timeline, WalGaps.Gap::first).containsExactly(2, WalFileName.segmentName(2, 12, MB1));
    }

    @Test
    void recoveryTargetsParseWithTheirZone() {
        assertThat(RecoveryTarget.parse("latest")).isInstanceOf(RecoveryTarget.Latest.class);
        assertThat(RecoveryTarget.parse("2025-06-01 14:00:00+02")).isEqualTo(new RecoveryTarget.AtTime(Instant.parse("2025-06-01T12:00:00Z")));
        assertThat(RecoveryTarget.parse("2025-06-01T12:00:00.5Z")).isEqualTo(new RecoveryTarget.AtTime(Instant.parse("2025-06-01T12:00:00.500Z")));
        assertThatThrownBy(() -> RecoveryTarget.parse("2025-06-01 12:00:00")).hasMessageContaining("no time zone");
        assertThatThrownBy(() -> RecoveryTarget.parse("yesterday")).hasMessageContaining("not a moment");
        assertThat(PointInTimeRestore.targetTime(Instant.parse("2025-06-01T12:00:00.123456789Z"))).isEqualTo("2025-06-01 12:00:00.123456+00");
        assertThat(PointInTimeRestore.parsePgTime("2026-11-25 14:08:58.223879+00")).isEqualTo(Instant.parse("2026-11-25T14:08:58.223879Z"));
    }
}
