package dev.ferry.cli;

/** The failure sweep of the flagship plan's last six steps, from repointing Redis to decommissioning the host. */
class FailureSweepLastStepsIT extends FailureSweep {
    @Override
    String firstSwept() {
        return "repoint-redis";
    }

    @Override
    String lastSwept() {
        return "decommission";
    }
}
