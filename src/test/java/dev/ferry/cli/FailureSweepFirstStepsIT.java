package dev.ferry.cli;

/** The failure sweep of the flagship plan's first two steps: the local upgrade and the AWS stack. */
class FailureSweepFirstStepsIT extends FailureSweep {
    @Override
    String firstSwept() {
        return "upgrade-local-postgres";
    }

    @Override
    String lastSwept() {
        return "provision";
    }
}
