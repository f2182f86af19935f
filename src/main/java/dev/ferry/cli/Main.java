package dev.ferry.cli;

/** Entry point of {@code java -jar ferry.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean terminal = System.console() != null;
        System.exit(Ferry.run(System.in, System.out, System.err, terminal, args));
    }
}
