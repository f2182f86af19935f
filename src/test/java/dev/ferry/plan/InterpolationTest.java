package dev.ferry.plan;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InterpolationTest {
    private final Interpolation env = new Interpolation(Map.of("HOST", "db.internal", "PORT", "5432", "EMPTY", ""));

    @Test
    void replacesEveryReferenceInAScalar() {
        assertThat(env.resolve("${env:HOST}:${env:PORT}").value()).isEqualTo("db.internal:5432");
    }

    @Test
    void usesTheDefaultWhenTheVariableIsUnsetOrEmpty() {
        assertThat(env.resolve("${env:USER_NAME:-ubuntu}").value()).isEqualTo("ubuntu");
        assertThat(env.resolve("${env:EMPTY:-fallback}").value()).isEqualTo("fallback");
        assertThat(env.resolve("${env:UNSET:-}").value()).isEmpty();
    }

    @Test
    void aSetVariableWinsOverItsDefault() {
        assertThat(env.resolve("${env:HOST:-localhost}").value()).isEqualTo("db.internal");
    }

    @Test
    void anEmptyVariableWithoutDefaultStaysEmpty() {
        assertThat(env.resolve("x${env:EMPTY}y").value()).isEqualTo("xy");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
        Interpolation.Result result = env.resolve("${env:MISSING}");

        assertThat(result.ok()).isFalse();
        assertThat(result.value()).isNull();
        assertThat(result.errors()).singleElement().asString()
                .contains("environment variable 'MISSING' is not set").contains("${env:MISSING:-default}");
    }

    @Test
    void reportsEveryUnsetVariable() {
        assertThat(env.resolve("${env:A}/${env:B}").errors()).hasSize(2);
    }

    @Test
    void doubleDollarIsTheLiteralText() {
        assertThat(env.resolve("echo $${env:HOST}").value()).isEqualTo("echo ${env:HOST}");
        assertThat(Interpolation.referencedNames("$${env:HOST} ${env:PORT}")).containsExactly("PORT");
    }

    @Test
    void shellVariablesAreLeftForTheShell() {
        assertThat(env.resolve("pg_dump -h ${PGHOST} $HOME").value()).isEqualTo("pg_dump -h ${PGHOST} $HOME");
    }

    @Test
    void rejectsAnInvalidVariableName() {
        assertThat(env.resolve("${env:1BAD}").errors()).singleElement().asString()
                .contains("'1BAD'").contains("not a valid environment variable name");
    }

    @Test
    void rejectsAnUnclosedReference() {
        assertThat(env.resolve("${env:HOST").errors()).singleElement().asString().contains("not closed");
    }

    @Test
    void textWithoutReferencesIsUnchanged() {
        assertThat(env.resolve("plain: value $ { }").value()).isEqualTo("plain: value $ { }");
    }

    @Test
    void listsReferencedNamesWithoutResolvingThem() {
        assertThat(Interpolation.referencedNames("${env:DB_PASSWORD} and ${env:X:-y}"))
                .containsExactly("DB_PASSWORD", "X");
    }
}
