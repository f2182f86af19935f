package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import org.junit.jupiter.api.Test;

class SandboxPlatformTest {

    @Test
    void linuxOnX86_64IsTheOnePlatform() {
        assertThat(new SandboxPlatform("Linux", "amd64").supported()).isTrue();
        assertThat(new SandboxPlatform("Linux", "x86_64").supported()).isTrue();
        assertThat(new SandboxPlatform("Linux", "aarch64").supported()).isFalse();
        assertThat(new SandboxPlatform("Mac OS X", "x86_64").supported()).isFalse();
        assertThat(new SandboxPlatform("Windows 11", "amd64").supported()).isFalse();
    }

    @Test
    void elsewhereTheDemoRefusesBeforeStartingAnythingAndSaysWhere() {
        assertThatThrownBy(() -> new SandboxPlatform("Mac OS X", "aarch64").require())
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("Linux x86_64 only").hasMessageContaining("Mac OS X aarch64")
                .hasMessageContaining("nothing was started")
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
