package dev.ferry.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** {@code journal.jsonl}: one JSON object per line, appended and fsynced, never rewritten. */
public final class Journal {
    public static final String FILE = "journal.jsonl";
    private final Path file;

    public Journal(Path directory) {
        this.file = directory.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    public synchronized void append(JournalEntry entry) {
        try {
            PrivateFiles.directory(file.getParent());
            byte[] line = (Json.mapper().writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot append to journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads every entry; a torn last line (crash mid-append) is ignored, any other bad line is reported with its number. */
    public List<JournalEntry> read() {
        List<JournalEntry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> lines = reader.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                try {
                    entries.add(Json.mapper().readValue(lines.get(i), JournalEntry.class));
                } catch (JsonProcessingException e) {
                    if (i < lines.size() - 1) {
                        throw new FerryException(ErrorCode.INVALID_INPUT, file + ":" + (i + 1) + ":1: not a journal entry: "
                                + e.getOriginalMessage() + ". The journal is append-only; restore it from a backup");
                    }
                }
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "cannot read journal " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }
}
