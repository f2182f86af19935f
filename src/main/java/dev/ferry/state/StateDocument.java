package dev.ferry.state;


/**
 * A state document read from a {@link StateBackend}, checked by {@link StateFile} (envelope, checksum, shape, values)
 * before it is copied anywhere, with the lineage and serial a copy is judged by.
 */
record StateDocument(byte[] bytes, String version, RunState state) {

    static StateDocument verify(String location, StateBackend.Versioned read) {
        RunState state = StateFile.parse(read.content(), location, "nothing was copied; check it with `ferry status"
                + " PLAN` where it was written");
        return new StateDocument(read.content(), read.version(), state);
    }

    String lineage() {
        return state.lineage();
    }

    long serial() {
        return state.serial();
    }
}
