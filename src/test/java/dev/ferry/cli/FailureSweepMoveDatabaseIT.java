package dev.ferry.cli;

/** The failure sweep of the data move alone: it has the most actions, so its own shard keeps the longest one short. */
class FailureSweepMoveDatabaseIT extends FailureSweep {
    @Override
    String firstSwept() {
        return "move-database";
    }

    @Override
    String lastSwept() {
        return "move-database";
    }
}
