package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.AwsPorts.Owner;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The refusal before a delete or change: what an operator reads when a resource is not this plan's. It states the
 * fact; the engine adds the step's next action (see ActionSequence).
 */
class PlanTagsTest {
    private static final Owner REDASH_B = new Owner("redash-b");

    @Test
    void aResourceOfAnotherPlanIsRefusedNamingItsOwner() {
        assertThatThrownBy(() -> PlanTags.requireOwned(REDASH_B, PlanTags.Touch.DELETE, AwsService.ECS, "cluster",
                "redash", Map.of("ferry:plan", "redash-a", "team", "data")))
                .hasMessage("ECS cluster 'redash' belongs to plan 'redash-a' (tag ferry:plan=redash-a), not to"
                        + " 'redash-b'; ferry deletes only what this plan created, so it was not deleted");
    }

    @Test
    void anUntaggedResourceIsRefusedAsNotFerrys() {
        assertThatThrownBy(() -> PlanTags.requireOwned(REDASH_B, PlanTags.Touch.DELETE, AwsService.LOGS, "log group",
                "/ecs/redash", Map.of("team", "data")))
                .hasMessage("CloudWatch Logs log group '/ecs/redash' is not tagged ferry:plan, so ferry did not create"
                        + " it and will not delete it; it was not deleted");
    }

    @Test
    void aChangeSaysChangeAndAnEmptyTagIsNoTag() {
        assertThatThrownBy(() -> PlanTags.requireOwned(REDASH_B, PlanTags.Touch.CHANGE, AwsService.ECS, "service",
                "redash-a-worker", Map.of("ferry:plan", "redash-a")))
                .hasMessageEndingWith("ferry changes only what this plan created, so it was not changed");
        assertThatThrownBy(() -> PlanTags.requireOwned(REDASH_B, PlanTags.Touch.DELETE, AwsService.SSM, "parameter",
                "/redash/KEY", Map.of("ferry:plan", "")))
                .hasMessageStartingWith("SSM Parameter Store parameter '/redash/KEY' is not tagged ferry:plan");
    }

    @Test
    void thisPlansResourceIsAllowed() {
        assertThatCode(() -> PlanTags.requireOwned(REDASH_B, PlanTags.Touch.DELETE, AwsService.RDS, "DB instance",
                "redash", Map.of("ferry:plan", "redash-b"))).doesNotThrowAnyException();
    }
}
