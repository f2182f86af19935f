package dev.ferry.cli;

/** The failure sweep of the flagship plan's first three steps: the local upgrade, the AWS stack and the data move. */
class FailureSweepFirstStepsIT extends FailureSweep {
    @Override
    String firstSwept() {
        return "upgrade-local-postgres";
    }

    @Override
    String lastSwept() {
        return "move-database";
    }
}
