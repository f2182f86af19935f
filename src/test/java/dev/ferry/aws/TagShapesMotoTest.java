package dev.ferry.aws;

import dev.ferry.step.AwsPorts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SSM and CloudWatch Logs tagging requests ferry sends, as moto received them on the wire, and moto reading the
 * tags back: what the ownership checks before a delete rely on.
 */
class TagShapesMotoTest extends MotoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "/redash-test/REDASH_SECRET_KEY";

    @Test
    void aNewParameterCarriesItsTagsInPutParameterAndAChangedOneGetsThemThroughAddTagsToResource() throws IOException {
        aws.putSecureParameter(NAME, "first", TAGS);
        aws.putSecureParameter(NAME, "second", TAGS);

        List<JsonNode> puts = bodies("PutParameter");
        assertThat(puts).hasSize(2);
        assertThat(puts.get(0).path("Overwrite").asBoolean(true)).isFalse();
        assertThat(puts.get(0).path("Type").asText()).isEqualTo("SecureString");
        assertThat(tagList(puts.get(0).path("Tags"))).containsExactlyInAnyOrder("ferry:plan=redash-test", "app=redash");
        assertThat(puts.get(1).path("Overwrite").asBoolean()).isTrue();
        assertThat(puts.get(1).has("Tags")).as("PutParameter refuses Tags together with Overwrite").isFalse();
        assertThat(bodies("AddTagsToResource")).singleElement().satisfies(add -> {
            assertThat(add.path("ResourceType").asText()).isEqualTo("Parameter");
            assertThat(add.path("ResourceId").asText()).isEqualTo(NAME);
            assertThat(tagList(add.path("Tags"))).contains("ferry:plan=redash-test");
        });
        assertThat(bodies("ListTagsForResource")).allSatisfy(list -> {
            assertThat(list.path("ResourceType").asText()).isEqualTo("Parameter");
            assertThat(list.path("ResourceId").asText()).isEqualTo(NAME);
        }).isNotEmpty();
        assertThat(clients.ssm().listTagsForResource(r -> r.resourceType("Parameter").resourceId(NAME)).tagList())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("ferry:plan=redash-test"));
    }

    @Test
    void ferryReadsAParametersTagsBackBeforeDeletingIt() throws IOException {
        aws.putSecureParameterIfAbsent(NAME, () -> "generated", TAGS);
        assertThat(tagList(bodies("PutParameter").get(0).path("Tags"))).contains("ferry:plan=redash-test");

        OwnershipMotoTest.refused(() -> aws.deleteParameters(List.of(NAME), new AwsPorts.Owner("someone-else")),
                "SSM Parameter Store parameter '" + NAME + "' belongs to plan 'redash-test'");
        aws.deleteParameters(List.of(NAME, "/redash-test/never-written"), OWNER);

        assertThat(aws.readSecureParameter(NAME)).isEmpty();
        assertThat(bodies("GetParameters")).as("the refused delete and the one that deletes").hasSize(2)
                .allSatisfy(get -> assertThat(get.path("WithDecryption").asBoolean(true)).isFalse())
                .last().satisfies(get -> assertThat(get.path("Names")).hasSize(2));
        assertThat(bodies("DeleteParameters")).singleElement().satisfies(delete -> assertThat(delete.path("Names"))
                .singleElement().satisfies(n -> assertThat(n.asText()).isEqualTo(NAME)));
    }

    @Test
    void aLogGroupIsCreatedWithItsTagsAndReadBackByArnBeforeItIsDeleted() throws IOException {
        aws.ensureLogGroup("/ecs/redash-test", 30, TAGS);

        JsonNode create = bodies("CreateLogGroup").get(0);
        assertThat(create.path("logGroupName").asText()).isEqualTo("/ecs/redash-test");
        assertThat(create.path("tags").path("ferry:plan").asText()).isEqualTo("redash-test");
        assertThat(clients.logs().listTagsLogGroup(r -> r.logGroupName("/ecs/redash-test")).tags())
                .containsEntry("ferry:plan", "redash-test");

        OwnershipMotoTest.refused(() -> aws.deleteLogGroup("/ecs/redash-test", new AwsPorts.Owner("someone-else")),
                "CloudWatch Logs log group '/ecs/redash-test' belongs to plan 'redash-test'");
        aws.deleteLogGroup("/ecs/redash-test", OWNER);

        assertThat(bodies("ListTagsForResource")).hasSize(2).allSatisfy(list -> assertThat(list.path("resourceArn")
                .asText()).isEqualTo("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/redash-test"));
        assertThat(clients.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/")).logGroups()).isEmpty();
    }

    private static List<JsonNode> bodies(String operation) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (MotoServer.RecordedRequest request : moto.recorded(operation)) {
            bodies.add(JSON.readTree(request.body()));
        }
        return bodies;
    }

    private static List<String> tagList(JsonNode tags) {
        List<String> pairs = new ArrayList<>();
        tags.forEach(t -> pairs.add(t.path("Key").asText() + "=" + t.path("Value").asText()));
        return pairs;
    }
}
