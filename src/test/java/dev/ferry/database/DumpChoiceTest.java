package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.SourceInventory;
import dev.ferry.step.SourceInventory.TableSize;
import dev.ferry.step.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

/** auto's dump method: by the tables' shape first, the disk's room second. */
class DumpChoiceTest {
    private static final long MB = 1L << 20;
    private static final long ROOM = 100L << 30;
    private static final long NO_ROOM = 0;
    private static final long ROOM_FOR_COPY_ONLY = DataMove.DISK_HEADROOM_BYTES + DataMove.workDiskBytes(0, MoveMethod.COPY);

    private static SourceInventory redashLike(String key) {
        return new SourceInventory(List.of(new TableSize(new TableName("public", "query_results"), 700 * MB, key),
                new TableSize(new TableName("public", "events"), 60 * MB, "id"),
                new TableSize(new TableName("public", "queries"), 30 * MB, "id")), List.of());
    }

    private static SourceInventory balanced() {
        return new SourceInventory(List.of(new TableSize(new TableName("public", "a"), 300 * MB, "id"),
                new TableSize(new TableName("public", "b"), 300 * MB, "id"),
                new TableSize(new TableName("public", "c"), 250 * MB, null),
                new TableSize(new TableName("public", "d"), 200 * MB, "id")), List.of());
    }

    @Test
    void aDominantTableWithAnIntegerKeyIsCopiedInKeyRangesWhateverTheDiskHolds() {
        DumpChoice choice = DumpChoice.of(redashLike("id"), 4, ROOM);
        assertThat(choice.method()).isEqualTo(MoveMethod.COPY);
        assertThat(choice.because()).contains("public.query_results holds 700 MiB of 790 MiB", "4 key ranges");
        assertThat(DumpChoice.of(redashLike("id"), 2, ROOM_FOR_COPY_ONLY).method()).isEqualTo(MoveMethod.COPY);
    }

    @Test
    void aDominantTableWithoutAKeyToSplitByStreamsEvenWithRoomForADump() {
        DumpChoice choice = DumpChoice.of(redashLike(null), 4, ROOM);
        assertThat(choice.method()).isEqualTo(MoveMethod.STREAM);
        assertThat(choice.because()).contains("no single integer key");
        assertThat(DumpChoice.of(redashLike("id"), 4, NO_ROOM).method()).as("no room even for copy's post-data")
                .isEqualTo(MoveMethod.STREAM);
    }

    @Test
    void balancedTablesUseTheDirectoryDumpWhenItFitsElseCopyElseStream() {
        assertThat(DumpChoice.of(balanced(), 4, ROOM).method()).isEqualTo(MoveMethod.DIRECTORY);
        long directoryNeeds = DataMove.workDiskBytes(balanced().totalBytes(), MoveMethod.DIRECTORY)
                + DataMove.DISK_HEADROOM_BYTES;
        assertThat(DumpChoice.of(balanced(), 4, directoryNeeds).method()).isEqualTo(MoveMethod.DIRECTORY);
        assertThat(DumpChoice.of(balanced(), 4, directoryNeeds - 1).method()).isEqualTo(MoveMethod.COPY);
        assertThat(DumpChoice.of(balanced(), 4, NO_ROOM).method()).isEqualTo(MoveMethod.STREAM);
    }

    @Test
    void aTableIsDominantOnlyAboveHalfTheDataAndLargeEnoughToMatter() {
        assertThat(DumpChoice.dominant(balanced())).as("300 of 1050 MiB").isEmpty();
        assertThat(DumpChoice.dominant(redashLike("id"))).as("700 of 790 MiB").isPresent();
        SourceInventory tiny = new SourceInventory(List.of(new TableSize(new TableName("public", "t"), MB, "id")), List.of());
        assertThat(DumpChoice.dominant(tiny)).as("under " + ParallelCopy.SPLIT_MIN_BYTES + " bytes").isEmpty();
        assertThat(DumpChoice.of(tiny, 4, ROOM).method()).isEqualTo(MoveMethod.DIRECTORY);
    }

    @Test
    void oneJobStreams() {
        assertThat(DumpChoice.of(redashLike("id"), 1, ROOM).method()).isEqualTo(MoveMethod.STREAM);
        assertThat(DumpChoice.of(balanced(), 1, ROOM).method()).isEqualTo(MoveMethod.STREAM);
    }

    @Test
    void thePreviewStatesTheRule() {
        assertThat(DumpChoice.rule("/tmp")).contains("copy if one table holds more than half", "directory if /tmp has room",
                "stream when none fits");
    }
}
