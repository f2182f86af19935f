package dev.ferry.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The cpu/memory pairs Fargate accepts for a Linux task (cpu units, memory MiB). */
final class FargateSizes {
    private static final Map<Integer, List<Integer>> MEMORY_BY_CPU = new TreeMap<>(Map.of(
            256, List.of(512, 1024, 2048),
            512, steps(1024, 4096, 1024),
            1024, steps(2048, 8192, 1024),
            2048, steps(4096, 16384, 1024),
            4096, steps(8192, 30720, 1024),
            8192, steps(16384, 61440, 4096),
            16384, steps(32768, 122880, 8192)));

    private FargateSizes() {
    }

    static boolean isCpu(int cpu) {
        return MEMORY_BY_CPU.containsKey(cpu);
    }

    /** Why the pair is not a Fargate size, or empty when it is one. */
    static Optional<String> problem(int cpu, int memory) {
        List<Integer> memories = MEMORY_BY_CPU.get(cpu);
        if (memories == null) {
            return Optional.of("cpu " + cpu + " is not a Fargate cpu size; expected one of "
                    + join(MEMORY_BY_CPU.keySet()));
        }
        if (memories.contains(memory)) {
            return Optional.empty();
        }
        int first = memories.get(0);
        int last = memories.get(memories.size() - 1);
        String allowed = memories.size() <= 8 ? "one of " + join(memories)
                : "from " + first + " to " + last + " in steps of " + (memories.get(1) - first);
        return Optional.of("memory " + memory + " does not fit cpu " + cpu + " on Fargate; with cpu " + cpu
                + ", memory must be " + allowed);
    }

    private static List<Integer> steps(int min, int max, int step) {
        return IntStream.iterate(min, m -> m <= max, m -> m + step).boxed().toList();
    }

    private static String join(Collection<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
