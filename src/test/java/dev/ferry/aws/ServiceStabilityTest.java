package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.ServiceStability.Baseline;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/** The fail-fast arithmetic and the choice of stop reason: pure logic over SDK model values. */
class ServiceStabilityTest {

    @ParameterizedTest
    @CsvSource({"0, 3", "1, 3", "5, 3", "6, 3", "7, 4", "8, 4", "9, 5", "399, 200", "400, 200", "401, 200",
            "10000, 200"})
    void thresholdIsTheCircuitBreakersHalfOfDesiredBetweenThreeAndTwoHundred(int desired, int threshold) {
        assertThat(ServiceStability.failureThreshold(desired)).isEqualTo(threshold);
    }

    @Test
    void failuresCountFromTheBaselineOfTheSamePrimaryDeployment() {
        Baseline baseline = new Baseline("ecs-svc/1", 10);

        assertThat(stuck(service(2, primary("ecs-svc/1", 12, "COMPLETED")), baseline)).isFalse();
        assertThat(stuck(service(2, primary("ecs-svc/1", 13, "COMPLETED")), baseline)).isTrue();
        assertThat(stuck(service(10, primary("ecs-svc/1", 14, "COMPLETED")), baseline)).isFalse();
        assertThat(stuck(service(10, primary("ecs-svc/1", 15, "COMPLETED")), baseline)).isTrue();
        assertThat(stuck(service(2, primary("ecs-svc/2", 2, "IN_PROGRESS")), baseline))
                .as("a new primary deployment counts from 0").isFalse();
        assertThat(stuck(service(2, primary("ecs-svc/2", 3, "IN_PROGRESS")), baseline)).isTrue();
    }

    @Test
    void tasksSeenStoppingBeforeTheyRanCountWhenTheDeploymentNoLongerCountsItsFailures() {
        Baseline baseline = new Baseline("ecs-svc/1", 0);
        Service ranBefore = service(2, primary("ecs-svc/1", 0, "COMPLETED"));

        assertThat(ServiceStability.cannotStart(ranBefore, baseline, 2)).isFalse();
        assertThat(ServiceStability.cannotStart(ranBefore, baseline, 3)).isTrue();
        assertThat(ServiceStability.cannotStart(service(2, primary("ecs-svc/1", 2, "COMPLETED")), baseline, 1))
                .as("the larger count wins, they are not added").isFalse();
    }

    @Test
    void onlyAFailureBeforeRunningIsANeverStartedTask() {
        assertThat(ServiceStability.neverStarted(stopped(1, "TaskFailedToStart", "ResourceInitializationError")))
                .isTrue();
        assertThat(ServiceStability.neverStarted(stopped(1, "EssentialContainerExited", "exited"))).isTrue();
        assertThat(ServiceStability.neverStarted(stopped(1, "EssentialContainerExited", "exited").toBuilder()
                .startedAt(Instant.EPOCH).build())).as("it ran").isFalse();
        assertThat(ServiceStability.neverStarted(stopped(1, "ServiceSchedulerInitiated", "Scaling activity")))
                .as("ECS stopped it").isFalse();
    }

    @Test
    void aFailedRolloutOfThePrimaryFailsAtOnceButAnOlderFailedOneDoesNot() {
        Baseline baseline = new Baseline("ecs-svc/1", 0);
        Deployment older = Deployment.builder().id("ecs-svc/0").status("ACTIVE").rolloutState("FAILED").failedTasks(3)
                .build();

        assertThat(stuck(service(1, primary("ecs-svc/1", 0, "FAILED")), baseline)).isTrue();
        assertThat(stuck(service(1, primary("ecs-svc/1", 0, "IN_PROGRESS"), older), baseline))
                .isFalse();
        assertThat(stuck(Service.builder().desiredCount(1).build(), baseline))
                .as("no deployments reported (moto)").isFalse();
        assertThat(stuck(service(1, Deployment.builder().id("ecs-svc/1").status("PRIMARY")
                .build()), baseline)).as("no failedTasks reported").isFalse();
    }

    @Test
    void theNewestFailedTaskGivesTheReasonAndAGenericOneNamesTheContainer() {
        Task scaledIn = stopped(50, "ServiceSchedulerInitiated",
                "Scaling activity initiated by (deployment ecs-svc/1)");
        Task older = stopped(10, "TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried");
        Task newest = stopped(20, "TaskFailedToStart", "ResourceInitializationError: unable to pull secrets");

        assertThat(ServiceStability.stopReason(List.of(older, scaledIn, newest)))
                .contains("ResourceInitializationError: unable to pull secrets");

        Task exited = stopped(30, "EssentialContainerExited", "Essential container in task exited").toBuilder()
                .containers(Container.builder().name("worker").exitCode(1).build(),
                        Container.builder().name("sidecar").reason("OutOfMemoryError: Container killed").build())
                .build();
        assertThat(ServiceStability.stopReason(List.of(newest, exited))).contains("Essential container in task exited"
                + " (worker exited with 1; sidecar: OutOfMemoryError: Container killed)");
        assertThat(ServiceStability.stopReason(List.of(scaledIn))).as("no failure: the newest stop")
                .contains("Scaling activity initiated by (deployment ecs-svc/1)");
        assertThat(ServiceStability.stopReason(List.of())).isEmpty();
    }

    private static boolean stuck(Service service, Baseline baseline) {
        return ServiceStability.cannotStart(service, baseline, 0);
    }

    private static Service service(int desired, Deployment... deployments) {
        return Service.builder().serviceName("redash-worker").desiredCount(desired).deployments(deployments).build();
    }

    private static Deployment primary(String id, int failedTasks, String rollout) {
        return Deployment.builder().id(id).status("PRIMARY").failedTasks(failedTasks).rolloutState(rollout).build();
    }

    private static Task stopped(long second, String code, String reason) {
        return Task.builder().stoppedAt(Instant.ofEpochSecond(second)).stopCode(code).stoppedReason(reason).build();
    }
}
