package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.TableName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecodedChangeTest {
    private static final Map<String, String> KEYS = Map.of("public.query_results", "id", "odd schema.Odd \"T\"", "Key");

    private static DecodedChange parse(String line) {
        return DecodedChange.parse(line, KEYS).orElseThrow();
    }

    @Test
    void linesThatChangeNoRowAreSkipped() {
        assertThat(DecodedChange.parse("BEGIN", KEYS)).isEmpty();
        assertThat(DecodedChange.parse("COMMIT", KEYS)).isEmpty();
        assertThat(DecodedChange.parse("message: transactional: 1 prefix: x, sz: 1 content:y", KEYS)).isEmpty();
    }

    @Test
    void anInsertUpdateAndDeleteNameTheirKey() {
        assertThat(parse("table public.query_results: INSERT: id[integer]:5 data[text]:'x' retrieved_at[timestamp with"
                + " time zone]:'2026-12-07 07:00:00+00'")).isEqualTo(change(List.of(5L)));
        assertThat(parse("table public.query_results: UPDATE: id[integer]:-7 data[text]:null")).isEqualTo(change(List.of(-7L)));
        assertThat(parse("table public.query_results: DELETE: id[integer]:9")).isEqualTo(change(List.of(9L)));
    }

    @Test
    void anUpdateThatMovesTheKeyNamesBothKeys() {
        assertThat(parse("table public.query_results: UPDATE: old-key: id[integer]:5 new-tuple: id[integer]:6"
                + " data[text]:'y'")).isEqualTo(change(List.of(5L, 6L)));
    }

    @Test
    void aValueThatLooksLikeTheKeyIsNotTakenForIt() {
        String hostile = "' id[integer]:99 ''; $(rm -rf /) `id`\n\" tags[text[]]:'{a}'";
        String quoted = "'" + hostile.replace("'", "''") + "'";
        assertThat(parse("table public.query_results: INSERT: data[text]:" + quoted + " tags[text[]]:'{\"a b\",c}'"
                + " id[integer]:3 blob[text]:unchanged-toast-datum")).isEqualTo(change(List.of(3L)));
    }

    @Test
    void quotedNamesAreReadAsTheCatalogWritesThem() {
        DecodedChange c = parse("table \"odd schema\".\"Odd \"\"T\"\"\": INSERT: \"Key\"[bigint]:42 v[text]:'a'");
        assertThat(c).isEqualTo(new DecodedChange(List.of(new TableName("odd schema", "Odd \"T\"")), List.of(42L), false));
    }

    @Test
    void whatHasNoReadableKeyMakesItsTablesReadWhole() {
        assertThat(parse("table public.settings: UPDATE: key[text]:'a' value[text]:'b'").wholeTables()).isTrue();
        assertThat(parse("table public.query_results: DELETE: (no-tuple-data)").wholeTables()).isTrue();
        DecodedChange truncate = parse("table public.query_results, public.events: TRUNCATE: restart_seq");
        assertThat(truncate.wholeTables()).isTrue();
        assertThat(truncate.tables()).containsExactly(new TableName("public", "query_results"),
                new TableName("public", "events"));
    }

    @Test
    void aLineThatIsNotTestDecodingsIsRefused() {
        assertThatThrownBy(() -> parse("table public.query_results INSERT id 5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column");
        assertThatThrownBy(() -> parse("table public.query_results: INSERT: id[integer]:5 data[text]:'open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }

    private static DecodedChange change(List<Long> keys) {
        return new DecodedChange(List.of(new TableName("public", "query_results")), keys, false);
    }
}
