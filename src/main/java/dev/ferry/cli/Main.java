package dev.ferry.cli;

/** Entry point of {@code java -jar ferry.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
