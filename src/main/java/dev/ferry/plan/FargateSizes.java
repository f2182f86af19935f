package dev.ferry.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The cpu/memory pairs Fargate accepts for a Linux task (cpu units, memory MiB). */
final class FargateSizes {
    private record Range(int min, int max, int step) {
        boolean contains(int memory) {
            return memory >= min && memory <= max && (memory - min) % step == 0;
        }

        List<Integer> values() {
            List<Integer> out = new ArrayList<>();
            for (int m = min; m <= max; m += step) {
                out.add(m);
            }
            return out;
        }
    }

    private static final Map<Integer, Range> MEMORY_BY_CPU = new TreeMap<>(Map.of(
            256, new Range(512, 2048, 512),
            512, new Range(1024, 4096, 1024),
            1024, new Range(2048, 8192, 1024),
            2048, new Range(4096, 16384, 1024),
            4096, new Range(8192, 30720, 1024),
            8192, new Range(16384, 61440, 4096),
            16384, new Range(32768, 122880, 8192)));

    private FargateSizes() {
    }

    static boolean isCpu(int cpu) {
        return MEMORY_BY_CPU.containsKey(cpu);
    }

    /** Why the pair is not a Fargate size, or empty when it is one. */
    static Optional<String> problem(int cpu, int memory) {
        Range range = MEMORY_BY_CPU.get(cpu);
        if (range == null) {
            return Optional.of("cpu " + cpu + " is not a Fargate cpu size; expected one of "
                    + MEMORY_BY_CPU.keySet());
        }
        if (range.contains(memory)) {
            return Optional.empty();
        }
        String allowed = range.values().size() <= 8 ? "one of " + range.values()
                : "from " + range.min() + " to " + range.max() + " in steps of " + range.step();
        return Optional.of("memory " + memory + " does not fit cpu " + cpu + " on Fargate; with cpu " + cpu
                + ", memory must be " + allowed);
    }
}
