package dev.ferry.plan;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a plan file as UTF-8; a byte that is not UTF-8 is a located problem, not an I/O error. */
final class PlanText {
    private PlanText() {
    }

    static String read(Path file) {
        return decode(bytes(file), file);
    }

    private static byte[] bytes(Path file) {
        if (Files.isDirectory(file)) {
            throw unreadable(file + " is a directory, not a plan file; pass the plan's YAML file, e.g. "
                    + file.resolve("plan.yaml"));
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw unreadable("plan file " + file + " does not exist; check the path"
                    + (file.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        } catch (AccessDeniedException e) {
            throw unreadable("cannot read plan file " + file + ": permission denied; make it readable by this user");
        } catch (IOException e) {
            throw unreadable("cannot read plan file " + file + ": " + e.getMessage()
                    + "; check the path and its permissions");
        }
    }

    private static FerryException unreadable(String message) {
        return new FerryException(ErrorCode.INVALID_INPUT, message);
    }

    private static String decode(byte[] bytes, Path file) {
        Problems problems = new Problems(file);
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            problems.add(Location.START, "the plan file is UTF-16 (it starts with a UTF-16 byte order mark);"
                    + " save it as UTF-8");
            problems.throwIfAny();
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = out.flip().toString();
            Location at = new Location((int) before.chars().filter(c -> c == '\n').count() + 1,
                    before.length() - before.lastIndexOf('\n'));
            problems.add(at, String.format("byte 0x%02X is not UTF-8 (perhaps the file was saved as Latin-1 or"
                    + " Windows-1252); save the plan as UTF-8", bytes[in.position()]));
            problems.throwIfAny();
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
