package dev.ferry.steps;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheUrlTest {
    @Test
    void tokenIsPercentEncodedSoClientsDecodeItBack() {
        String token = "a+b%c:d@e/f g~h_i-j.k";
        String url = CacheUrl.encrypted(token, "master.redash.abc.euw1.cache.amazonaws.com:6379");

        assertThat(url).isEqualTo("rediss://:a%2Bb%25c%3Ad%40e%2Ff%20g~h_i-j.k@master.redash.abc.euw1.cache.amazonaws.com:6379/0");
        URI uri = URI.create(url);
        assertThat(uri.getScheme()).isEqualTo("rediss");
        assertThat(uri.getUserInfo()).as("what Jedis and redis-py read as ':password'").isEqualTo(":" + token);
        assertThat(uri.getHost()).isEqualTo("master.redash.abc.euw1.cache.amazonaws.com");
        assertThat(uri.getPort()).isEqualTo(6379);
        assertThat(uri.getPath()).isEqualTo("/0");
    }

    @Test
    void generatedTokensFollowElastiCacheRulesAndNeedNoEncoding() {
        for (int i = 0; i < 200; i++) {
            String token = CacheUrl.generateToken();
            assertThat(token).hasSize(CacheUrl.TOKEN_LENGTH).matches("[A-Za-z0-9_-]{16,128}");
            assertThat(CacheUrl.encode(token)).isEqualTo(token);
        }
        assertThat(CacheUrl.generateToken()).isNotEqualTo(CacheUrl.generateToken());
    }

    @Test
    void plainUrlIsUnchanged() {
        assertThat(CacheUrl.plain("10.0.0.5:6379")).isEqualTo("redis://10.0.0.5:6379/0");
    }
}
