package dev.ferry.sandbox;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.util.Locale;

/**
 * The one platform the sandbox's servers run on. The jar carries redis-server and PostgreSQL binaries for Linux
 * x86_64 only (the others were 8 MB of the jar, a Windows .exe among them), so elsewhere the demo says so up front
 * instead of failing to start a server half-way.
 */
record SandboxPlatform(String os, String arch) {

    static SandboxPlatform current() {
        return new SandboxPlatform(System.getProperty("os.name", "?"), System.getProperty("os.arch", "?"));
    }

    boolean supported() {
        String a = arch.toLowerCase(Locale.ROOT);
        return os.toLowerCase(Locale.ROOT).startsWith("linux") && (a.equals("amd64") || a.equals("x86_64"));
    }

    void require() {
        if (!supported()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "ferry demo runs on Linux x86_64 only, and this is "
                    + os + " " + arch + ": the jar carries the sandbox's redis-server and PostgreSQL binaries for that"
                    + " platform alone; nothing was started. Rehearse on a Linux x86_64 machine (a CI runner or a VM)");
        }
    }
}
