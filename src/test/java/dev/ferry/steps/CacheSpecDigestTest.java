package dev.ferry.steps;

import dev.ferry.plan.CacheSpec;
import dev.ferry.state.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A plan that writes neither engine nor transitEncryption digests as it did before the fields existed. */
class CacheSpecDigestTest {
    /** CacheSpec as it was before engine and transitEncryption (states applied then hold its digest). */
    record OldCacheSpec(String clusterId, String nodeType, String engineVersion) {
    }

    private static OldCacheSpec before() {
        return new OldCacheSpec("redash", "cache.t4g.small", "7.1");
    }

    @Test
    void legacyCacheDigestsAsBefore() {
        CacheSpec legacy = new CacheSpec("redash", "cache.t4g.small", "7.1");
        assertThat(Json.digest(Map.of("cache", legacy))).isEqualTo(Json.digest(Map.of("cache", before())));
        assertThat(legacy.legacyCluster()).isTrue();
        assertThat(legacy.engineName()).isEqualTo("redis");
        assertThat(legacy.encrypted()).isFalse();
    }

    @Test
    void writtenEngineChangesTheDigestAndDefaultsToTls() {
        CacheSpec valkey = new CacheSpec("redash", "cache.t4g.small", "8.0", "valkey", null);
        assertThat(Json.digest(valkey)).isNotEqualTo(Json.digest(before()));
        assertThat(valkey.encrypted()).isTrue();
        assertThat(valkey.parameterGroupFamily()).isEqualTo("valkey8");
        assertThat(new CacheSpec("r", "cache.t4g.small", "7.1", "redis", false).encrypted()).isFalse();
        assertThat(new CacheSpec("r", "cache.t4g.small", "7.1", "redis", false).parameterGroupFamily()).isEqualTo("redis7");
        assertThat(new CacheSpec("r", "cache.t4g.small", "6.2", "redis", true).parameterGroupFamily()).isEqualTo("redis6.x");
    }
}
