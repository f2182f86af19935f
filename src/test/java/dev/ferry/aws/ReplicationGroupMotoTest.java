package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.FerryException;
import dev.ferry.step.AwsDeletions.ReplicationGroupDeletion;
import dev.ferry.step.AwsRequests.ReplicationGroupRequest;
import dev.ferry.step.SdkCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;

/**
 * Cross-checks the replication group ferry now creates (engine, TLS in transit, AUTH token) against moto: moto must
 * accept the real CreateReplicationGroup and answer DescribeReplicationGroups with the fields ferry reads.
 *
 * <p>moto 5.x never finishes deleting a replication group (DeleteReplicationGroup leaves it "deleting" for ever, the
 * same bug that blocks issue #4 for cache clusters): the delete test asserts the request was sent and the group is
 * "deleting", and that ferry's wait gives up naming the state, instead of asserting the group is gone.
 */
class ReplicationGroupMotoTest extends MotoTest {
    private static final String TOKEN_PARAMETER = "/redash-test/CACHE_AUTH_TOKEN";
    /** Not a token ferry would generate: it holds characters the URL must encode, to see them reach AWS unchanged. */
    private static final String TOKEN = "moto+tok%en:0123456789-abcdefXYZ";

    private ReplicationGroupRequest request(boolean transit) {
        String sg = aws.ensureSecurityGroup("redash-cache", vpcId, "cache", TAGS);
        aws.ensureCacheSubnetGroup("redash-test-cache", subnetIds, TAGS);
        return new ReplicationGroupRequest("redash-test", "valkey", "8.0", "cache.t4g.small", "default.valkey8",
                "redash-test-cache", sg, transit, TOKEN_PARAMETER, TAGS);
    }

    @Test
    void motoAcceptsValkeyWithTransitEncryptionAndAnAuthToken() throws Exception {
        aws.putSecureParameter(TOKEN_PARAMETER, TOKEN, TAGS);
        ReplicationGroupRequest request = request(true);

        String logs = captured(() -> {
            aws.ensureReplicationGroup(request);
            aws.ensureReplicationGroup(request);
        });

        assertThat(logs).as("the capture saw the adapter and the SDK").contains("creating replication group redash-test")
                .contains("Sending Request");
        List<MotoServer.RecordedRequest> creates = moto.recorded("CreateReplicationGroup");
        assertThat(creates).as("the second ensure adopts the plan's group").hasSize(1);
        Map<String, String> sent = form(creates.get(0).body());
        assertThat(sent).containsEntry("Engine", "valkey").containsEntry("EngineVersion", "8.0")
                .containsEntry("TransitEncryptionEnabled", "true").containsEntry("AuthToken", TOKEN)
                .containsEntry("NumCacheClusters", "1").containsEntry("AutomaticFailoverEnabled", "false")
                .containsEntry("CacheParameterGroupName", "default.valkey8")
                .containsEntry("AtRestEncryptionEnabled", "true");
        assertThat(moto.recorded().stream().filter(r -> r.body().contains(URLEncoded.of(TOKEN))
                || r.body().contains(TOKEN)).map(MotoServer.RecordedRequest::operation))
                .as("the token travels to SSM and to CreateReplicationGroup only").containsOnly("PutParameter",
                        "CreateReplicationGroup");

        ReplicationGroup group = clients.elastiCache().describeReplicationGroups(r -> r.replicationGroupId("redash-test"))
                .replicationGroups().get(0);
        assertThat(group.transitEncryptionEnabled()).isTrue();
        assertThat(group.authTokenEnabled()).isTrue();
        assertThat(group.atRestEncryptionEnabled()).isTrue();
        assertThat(group.clusterEnabled()).isFalse();
        assertThat(group.nodeGroups()).hasSize(1).extracting(NodeGroup::primaryEndpoint).doesNotContainNull();

        String endpoint = aws.awaitReplicationGroup("redash-test", WAIT);
        assertThat(endpoint).startsWith("master.redash-test.").endsWith(".cache.amazonaws.com:6379");

        String preview = request.calls().stream().map(SdkCall::toString).collect(Collectors.joining("\n"));
        assertThat(preview).contains("TransitEncryptionEnabled", "Engine", "AuthToken", "<from SSM " + TOKEN_PARAMETER + ">");
        assertThat(List.of(preview, logs, request.toString())).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
    }

    @Test
    void withoutTransitEncryptionNoTokenIsReadOrSent() throws Exception {
        aws.ensureReplicationGroup(request(false));

        Map<String, String> sent = form(moto.recorded("CreateReplicationGroup").get(0).body());
        assertThat(sent).containsEntry("TransitEncryptionEnabled", "false").doesNotContainKey("AuthToken");
        assertThat(moto.recorded("GetParameter")).isEmpty();
        ReplicationGroup group = clients.elastiCache().describeReplicationGroups(r -> r.replicationGroupId("redash-test"))
                .replicationGroups().get(0);
        assertThat(group.authTokenEnabled()).isFalse();
        assertThat(group.transitEncryptionEnabled()).isFalse();
    }

    @Test
    void aMissingTokenParameterStopsBeforeCreating() throws Exception {
        ReplicationGroupRequest request = request(true);

        assertThat(catchThrowable(() -> aws.ensureReplicationGroup(request))).isInstanceOf(FerryException.class)
                .hasMessageContaining("the AUTH token parameter " + TOKEN_PARAMETER + " does not exist");
        assertThat(moto.recorded("CreateReplicationGroup")).isEmpty();
    }

    @Test
    void deleteSendsDeleteReplicationGroupAndWaits() throws Exception {
        aws.putSecureParameter(TOKEN_PARAMETER, TOKEN, TAGS);
        aws.ensureReplicationGroup(request(true));

        Throwable waited = catchThrowable(() -> aws.deleteReplicationGroup(new ReplicationGroupDeletion("redash-test"),
                Duration.ofSeconds(1), OWNER));

        // moto's bug (see the class comment): the group stays "deleting"; the wait ends naming that state.
        assertThat(waited).isInstanceOf(FerryException.class).hasMessageContaining("did not become deleted")
                .hasMessageContaining("deleting");
        assertThat(form(moto.recorded("DeleteReplicationGroup").get(0).body()))
                .containsEntry("ReplicationGroupId", "redash-test").containsEntry("RetainPrimaryCluster", "false");
        assertThat(clients.elastiCache().describeReplicationGroups(r -> r.replicationGroupId("redash-test"))
                .replicationGroups().get(0).status()).isEqualTo("deleting");
        aws.deleteReplicationGroup(new ReplicationGroupDeletion("never-existed"), WAIT, OWNER);
    }

    private static Map<String, String> form(String body) {
        return java.util.Arrays.stream(body.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> b));
    }

    private static final class URLEncoded {
        static String of(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    private static String captured(Runnable body) {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(sink, true, StandardCharsets.UTF_8);
        try {
            System.setErr(both);
            System.setOut(both);
            body.run();
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String text = sink.toString(StandardCharsets.UTF_8);
        err.print(text);
        return text;
    }
}
