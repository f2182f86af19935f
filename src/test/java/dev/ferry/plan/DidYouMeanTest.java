package dev.ferry.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {
    private static final List<String> KEYS = List.of("directory", "file", "envFile", "services", "databaseUrlKey");

    @Test
    void suggestsTheClosestKeyForATypo() {
        assertThat(DidYouMean.suggest("envFle", KEYS)).contains("envFile");
        assertThat(DidYouMean.suggest("servces", KEYS)).contains("services");
        assertThat(DidYouMean.suggest("provison", StepIds.ALL)).contains("provision");
    }

    @Test
    void ignoresCase() {
        assertThat(DidYouMean.suggest("envfile", KEYS)).contains("envFile");
        assertThat(DidYouMean.suggest("DATABASEURLKEY", KEYS)).contains("databaseUrlKey");
    }

    @Test
    void suggestsAKeyThatIsAnAbbreviationOrExtensionOfTheTypedOne() {
        assertThat(DidYouMean.suggest("databaseUrl", KEYS)).contains("databaseUrlKey");
        assertThat(DidYouMean.suggest("directoryPath", KEYS)).contains("directory");
    }

    @Test
    void suggestsNothingForAnUnrelatedWord() {
        assertThat(DidYouMean.suggest("kubernetes", KEYS)).isEmpty();
        assertThat(DidYouMean.suggest("x", List.of())).isEmpty();
    }

    @Test
    void hintNamesTheSuggestionOrListsTheChoices() {
        assertThat(DidYouMean.hint("wroker", List.of("server", "worker"))).isEqualTo("; did you mean 'worker'?");
        assertThat(DidYouMean.hint("zzz", List.of("stream", "copy"))).isEqualTo("; expected one of stream, copy");
        assertThat(DidYouMean.hint("zzz", List.of())).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("same", "same")).isZero();
    }
}
