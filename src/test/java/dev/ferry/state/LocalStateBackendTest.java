package dev.ferry.state;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalStateBackendTest extends StateBackendContract {
    @TempDir
    Path dir;
    private int made;

    @Override
    protected StateBackend backend() {
        return new LocalStateBackend(dir.resolve("state-" + made++));
    }

    @Override
    protected StateBackend second(StateBackend first) {
        return new LocalStateBackend(((LocalStateBackend) first).directory());
    }
}
