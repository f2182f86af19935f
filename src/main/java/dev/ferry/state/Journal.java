package dev.ferry.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The journal: one JSON object per entry, appended through the backend, never rewritten. */
public final class Journal {
    public static final String FILE = "journal.jsonl";
    private final StateBackend backend;

    public Journal(Path directory) {
        this(new LocalStateBackend(directory));
    }

    public Journal(StateBackend backend) {
        this.backend = backend;
    }

    public synchronized void append(JournalEntry entry) {
        try {
            backend.appendJournal(Json.mapper().writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal entry that cannot be written as JSON: " + entry, e);
        }
    }

    /** Reads every entry; a torn last line (crash mid-append) is ignored, any other bad line is reported with its number. */
    public List<JournalEntry> read() {
        List<JournalEntry> entries = new ArrayList<>();
        List<String> lines = backend.readJournal();
        for (int i = 0; i < lines.size(); i++) {
            try {
                entries.add(Json.mapper().readValue(lines.get(i), JournalEntry.class));
            } catch (JsonProcessingException e) {
                if (i < lines.size() - 1) {
                    throw new FerryException(ErrorCode.INVALID_INPUT, journalLocation() + ":" + (i + 1) + ":1: not a"
                            + " journal entry: " + e.getOriginalMessage() + ". The journal is append-only; restore it"
                            + " from a backup");
                }
            }
        }
        return entries;
    }

    private String journalLocation() {
        return backend instanceof LocalStateBackend local ? local.directory().resolve(FILE).toString()
                : backend.location() + " journal";
    }
}
