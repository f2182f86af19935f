package dev.ferry.steps;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs independent tasks at most {@code parallelism} at a time; waits for all, then reports every failure. */
final class Parallel {
    private Parallel() {
    }

    record Task(String name, Work work) {
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    static Task task(String name, Work work) {
        return new Task(name, work);
    }

    static void run(int parallelism, List<Task> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, tasks.size())));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    task.work().run();
                    return null;
                }));
            }
            report(tasks, futures);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(List<Task> tasks, List<Future<?>> futures) {
        List<String> failures = new ArrayList<>();
        Throwable only = null;
        boolean allAdvised = true;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
            } catch (ExecutionException e) {
                only = e.getCause();
                allAdvised &= only instanceof FerryException fe && fe.namesNextAction();
                failures.add(tasks.get(i).name() + ": " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(ErrorCode.INTERRUPTED, "interrupted while waiting for " + tasks.get(i).name(), e);
            }
        }
        if (failures.size() == 1 && only instanceof FerryException fe) {
            throw fe;
        }
        if (!failures.isEmpty() && allAdvised) {
            throw FerryException.advised(ErrorCode.STEP_FAILED, failures.size() + " of " + tasks.size()
                    + " failed, each saying what to do (finished parts are kept):\n  " + String.join("\n  ", failures));
        }
        if (!failures.isEmpty()) {
            throw new FerryException(ErrorCode.STEP_FAILED, failures.size() + " of " + tasks.size() + " failed:\n  "
                    + String.join("\n  ", failures) + "\nFix the causes and resume; finished parts are kept", only);
        }
    }
}
