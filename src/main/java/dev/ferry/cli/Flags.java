package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.engine.Migration;
import dev.ferry.plan.StateLocation;
import dev.ferry.engine.PlannedStep;
import dev.ferry.step.Reversibility;
import dev.ferry.plan.DidYouMean;
import dev.ferry.plan.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Checks of flag values that picocli cannot make alone. They run before anything takes the lock or writes state, so a
 * bad flag changes nothing.
 */
final class Flags {
    private Flags() {
    }

    static void requireRegion(String region) {
        if (region != null && !Target.isRegion(region)) {
            throw invalid("--region '" + region + "' is not an AWS region; pass a region code like eu-west-1");
        }
    }

    static void requirePositive(String flag, int value) {
        if (value < 1) {
            throw invalid(flag + " " + value + " must be 1 or more");
        }
    }

    static void requireStateDirectory(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw invalid("state directory " + directory + " is a file, not a directory; move the file away or pass"
                    + " --state-dir DIR");
        }
    }

    /** {@code id} names a step of the plan. */
    /** {@code --state-dir} names a local directory; a plan whose state is in S3 has none to point at. */
    static void requireNoStateDirectory(Path given, StateLocation state) {
        if (given != null) {
            throw invalid("--state-dir " + given + " names a local state directory, but the plan keeps its state in s3://"
                    + state.bucket() + "/" + state.key() + ". Drop --state-dir");
        }
    }

    static void requireStep(String flag, String id, Migration migration) {
        if (id != null && step(id, migration) == null) {
            List<String> ids = migration.steps().stream().map(PlannedStep::id).toList();
            throw invalid(flag + ": plan " + migration.plan().name() + " has no step '" + id + "'"
                    + DidYouMean.hint(id, ids));
        }
    }

    /** Every {@code --confirm} names a one-way step of the plan: a confirmation for anything else is a mistake. */
    static void requireOneWay(Collection<String> confirmed, Migration migration) {
        for (String id : confirmed) {
            requireStep("--confirm", id, migration);
            Reversibility reversibility = step(id, migration).step().reversibility();
            if (reversibility != Reversibility.ONE_WAY) {
                throw invalid("--confirm " + id + ": step '" + id + "' is "
                        + reversibility.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + ", not one-way, so it needs no confirmation; remove --confirm " + id);
            }
        }
    }

    /** picocli's message, with a did-you-mean when one of picocli's candidates is a plausible typo. */
    static String describe(ParameterException e) {
        String message = e.getMessage().replaceFirst("^Error: ", "");
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0).replaceFirst("=.*", "");
            return message + DidYouMean.suggest(typed, unmatched.getSuggestions())
                    .map(s -> "; did you mean '" + s + "'?").orElse("");
        }
        return message;
    }

    private static PlannedStep step(String id, Migration migration) {
        return migration.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    private static FerryException invalid(String message) {
        return new FerryException(ErrorCode.INVALID_INPUT, message);
    }
}
