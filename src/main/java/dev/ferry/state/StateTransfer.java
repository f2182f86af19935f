package dev.ferry.state;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Copies one plan's state between its local place ("here") and its shared place ("there"): the state document (byte
 * for byte, verified first), the journal lines the destination lacks, and the side files the state names. The plan's
 * lock is held on both sides throughout. It refuses (STATE_CONFLICT, nothing changed) to mix two lineages, and,
 * unless forced, to replace a newer serial or an equal serial with different content.
 */
public final class StateTransfer {
    /** Step outputs whose name ends so hold the name of a side file (like Baseline's {@code baselineFile}). */
    static final String SIDE_FILE_OUTPUT = "File";
    private static final Pattern SIDE_FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private final StateBackend local;
    private final StateBackend remote;
    private final Clock clock;

    public StateTransfer(StateBackend local, StateBackend remote, Clock clock) {
        this.local = local;
        this.remote = remote;
        this.clock = clock;
    }

    /** Which way a copy goes. */
    public enum Direction {
        PUSH, PULL
    }

    /** What a copy writes (or wrote): {@code stateWritten} is false when the destination already had this document. */
    public record Copy(Direction direction, String from, String to, String lineage, long serial, int journalLines,
                       List<String> sideFiles, boolean stateWritten) {
        public Copy {
            sideFiles = List.copyOf(sideFiles);
        }
    }

    /** Asked with both locks held and every refusal passed, before anything is written; false writes nothing. */
    @FunctionalInterface
    public interface Confirmation {
        boolean accept(Copy planned);
    }

    /** Copies the local state there. Empty when {@code confirm} declined. */
    public Optional<Copy> push(boolean force, Confirmation confirm) {
        return copy(Direction.PUSH, force, confirm);
    }

    /** Copies the shared state here. Empty when {@code confirm} declined. */
    public Optional<Copy> pull(boolean force, Confirmation confirm) {
        return copy(Direction.PULL, force, confirm);
    }

    private Optional<Copy> copy(Direction direction, boolean force, Confirmation confirm) {
        StateBackend from = direction == Direction.PUSH ? local : remote;
        StateBackend to = direction == Direction.PUSH ? remote : local;
        try (StateBackend.Lease here = local.lock(clock); StateBackend.Lease there = remote.lock(clock)) {
            StateDocument source = from.readState().map(v -> StateDocument.verify(from.location(), v))
                    .orElseThrow(() -> nothingToCopy(direction, from));
            Optional<StateDocument> existing = to.readState().map(v -> StateDocument.verify(to.location(), v));
            existing.ifPresent(target -> refuse(direction, source, target, force));
            Map<String, byte[]> files = sideFiles(source, from);
            List<String> journal = from.readJournal();
            List<String> missing = journal.subList(commonPrefix(journal, to.readJournal()), journal.size());
            boolean same = existing.isPresent() && Arrays.equals(existing.get().bytes(), source.bytes());
            Copy copy = new Copy(direction, from.location(), to.location(), source.lineage(), source.serial(),
                    missing.size(), List.copyOf(files.keySet()), !same);
            if (!confirm.accept(copy)) {
                return Optional.empty();
            }
            files.forEach(to::writeFile);
            missing.forEach(to::appendJournal);
            if (!same) {
                to.writeState(source.bytes(), existing.map(StateDocument::version));
            }
            return Optional.of(copy);
        }
    }

    /** The refusals, worded from here (local) and there (remote) whichever way the copy goes. */
    private void refuse(Direction direction, StateDocument source, StateDocument target, boolean force) {
        StateDocument here = direction == Direction.PUSH ? source : target;
        StateDocument there = direction == Direction.PUSH ? target : source;
        String places = " here (" + local.location() + "), ";
        String thereAt = " there (" + remote.location() + ")";
        if (!here.lineage().equals(there.lineage())) {
            throw conflict("state lineage " + here.lineage() + places + there.lineage() + thereAt + ": they record two"
                    + " different migrations, so ferry will not copy one over the other (not even with --force)."
                    + " Point --state-dir or the plan's state: section at this migration's own state");
        }
        if (force || target.serial() < source.serial()) {
            return;
        }
        String verb = direction == Direction.PUSH ? "push" : "pull";
        String other = direction == Direction.PUSH ? "pull" : "push";
        if (target.serial() > source.serial()) {
            throw conflict("state serial " + here.serial() + places + there.serial() + thereAt + ": the destination"
                    + " is newer, and a " + verb + " would lose what was recorded after serial " + source.serial()
                    + ". Run `ferry state " + other + " PLAN` to take the newer state (or " + verb + " with --force"
                    + " to replace it)");
        }
        if (!Arrays.equals(target.bytes(), source.bytes())) {
            throw conflict("state serial " + here.serial() + places + there.serial() + thereAt + ", but the documents"
                    + " differ (sha256 " + digest(here) + " here, " + digest(there) + " there): two runs wrote from"
                    + " the same state. Compare them with `ferry status PLAN`, then " + verb + " with --force to keep"
                    + " the " + (direction == Direction.PUSH ? "local" : "shared") + " one");
        }
    }

    /** The side files the state names, read in full before anything is written. */
    private static Map<String, byte[]> sideFiles(StateDocument source, StateBackend from) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        source.state().steps().forEach((step, record) -> record.outputs().forEach((output, name) -> {
            if (!output.endsWith(SIDE_FILE_OUTPUT) || name == null || files.containsKey(name)) {
                return;
            }
            if (!SIDE_FILE_NAME.matcher(name).matches()) {
                throw new FerryException(ErrorCode.INVALID_INPUT, "step '" + step + "' names the side file '" + name
                        + "' (" + output + "), which is not a plain file name; nothing was copied. Check the state"
                        + " at " + from.location() + " with `ferry status PLAN`");
            }
            files.put(name, from.readFile(name).orElseThrow(() -> new FerryException(ErrorCode.INVALID_INPUT,
                    "step '" + step + "' needs the side file " + name + " (" + output + "), but " + from.location()
                            + " has none; nothing was copied. Restore it from a backup of the state, then copy again")));
        }));
        return files;
    }

    private static int commonPrefix(List<String> source, List<String> target) {
        int i = 0;
        while (i < source.size() && i < target.size() && source.get(i).equals(target.get(i))) {
            i++;
        }
        return i;
    }

    private static FerryException nothingToCopy(Direction direction, StateBackend from) {
        String next = direction == Direction.PUSH ? "run the plan here first, or pass --state-dir DIR where its state is"
                : "check the plan's state: section, or push a local state there with `ferry state push PLAN`";
        return new FerryException(ErrorCode.INVALID_INPUT, "no state at " + from.location() + ", so nothing to "
                + direction.name().toLowerCase() + "; " + next);
    }

    private static String digest(StateDocument document) {
        return Json.shortDigest(Json.sha256(document.bytes()));
    }

    private static FerryException conflict(String message) {
        return new FerryException(ErrorCode.STATE_CONFLICT, message);
    }
}
