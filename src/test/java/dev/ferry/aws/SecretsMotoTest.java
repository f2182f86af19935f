package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;

/** Plants secret values, drives every path that touches them, and scans logs, messages and request strings. */
class SecretsMotoTest extends MotoTest {
    private static final String NAME = "/redash-test/DB_PASSWORD";

    private final String first = "planted-" + UUID.randomUUID();
    private final String second = "rotated-" + UUID.randomUUID();
    private final List<String> texts = new ArrayList<>();

    @Test
    void secretValuesNeverReachLogsExceptionMessagesOrToString() throws IOException {
        assertThat(LoggerFactory.getLogger(SsmOps.class).isDebugEnabled()).as("adapter logs at DEBUG").isTrue();
        assertThat(LoggerFactory.getLogger("software.amazon.awssdk.request").isDebugEnabled())
                .as("SDK request log at DEBUG").isTrue();

        String logs = captured(this::touchEverySecretPath);

        assertThat(logs).contains("created SecureString parameter " + NAME)
                .contains("updated SecureString parameter " + NAME).contains("Sending Request");
        texts.add(logs);
        texts.add(PutParameterRequest.builder().name(NAME).value(first).build().toString());
        assertThat(texts.get(0)).contains("ssm:PutParameter on /aws/reserved was denied");
        assertThat(texts).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(first, second));
    }

    @Test
    void aParameterIsWrittenOnlyWhenItsValueChangesAndKeepsItsTags() {
        aws.putSecureParameter(NAME, first, TAGS);
        aws.putSecureParameter(NAME, first, TAGS);
        assertThat(version()).isEqualTo(1);

        aws.putSecureParameter(NAME, second, TAGS);

        assertThat(version()).isEqualTo(2);
        var parameter = clients.ssm().getParameter(r -> r.name(NAME)).parameter();
        assertThat(parameter.typeAsString()).isEqualTo("SecureString");
        assertThat(clients.ssm().listTagsForResource(r -> r.resourceType("Parameter").resourceId(NAME)).tagList())
                .anyMatch(t -> t.key().equals("ferry:plan") && t.value().equals(PLAN));
        aws.deleteParameters(List.of(NAME, "/never/existed"), OWNER);
        assertThat(aws.readSecureParameter(NAME)).isEmpty();
    }

    @Test
    void aParameterNotTaggedForThePlanIsNeverOverwritten() {
        clients.ssm().putParameter(r -> r.name("/legacy/SECRET").value(first).type("SecureString"));

        assertThat(catchThrowable(() -> aws.putSecureParameter("/legacy/SECRET", second, TAGS)))
                .hasMessageContaining("parameter '/legacy/SECRET' already exists and is not tagged ferry:plan");
        assertThat(aws.readSecureParameter("/legacy/SECRET")).contains(first);
    }

    @Test
    void theMasterPasswordGoesOnlyToCreateDbInstance() throws IOException {
        aws.putSecureParameter(NAME, second, TAGS);
        givenDbInstance();

        List<String> carrying = moto.recorded().stream().filter(r -> r.body().contains(second))
                .map(MotoServer.RecordedRequest::operation).toList();

        assertThat(carrying).containsExactly("PutParameter", "CreateDBInstance");
    }

    private void touchEverySecretPath() {
        aws.putSecureParameter(NAME, first, TAGS);
        aws.putSecureParameter(NAME, first, TAGS);
        aws.putSecureParameter(NAME, second, TAGS);
        assertThat(aws.readSecureParameter(NAME)).contains(second);
        givenDbInstance();
        aws.putSecureParameter("/redash-test/REDASH_SECRET_KEY", first, TAGS);
        aws.registerTaskDefinition(new TaskDefinitionRequest("redash-test-server", "redash/redash:10.1.0",
                List.of("server"), Map.of(), Map.of("REDASH_SECRET_KEY", "/redash-test/REDASH_SECRET_KEY"), 256, 512,
                5000, "arn:aws:iam::123456789012:role/exec", null, "/ferry/redash-test", "us-east-1", TAGS));

        failure(() -> aws.putSecureParameter("/aws/reserved", first, TAGS));
        failure(() -> aws.putSecureParameter("ssm-reserved", first, TAGS));
        failure(() -> aws.putSecureParameter(NAME, first, OTHER_PLAN));
        clients.ssm().putParameter(r -> r.name("/legacy/SECRET").value(first).type("SecureString"));
        failure(() -> aws.putSecureParameter("/legacy/SECRET", second, TAGS));
        assertThat(texts).as("every failure was seen").hasSize(4);
    }

    private static long version() {
        return clients.ssm().getParameter(r -> r.name(NAME)).parameter().version();
    }

    private void givenDbInstance() {
        aws.ensureDbSubnetGroup("redash-db", subnetIds, TAGS);
        aws.ensureDbParameterGroup("redash-pg16", "postgres16", TAGS);
        String sg = aws.ensureSecurityGroup("redash-db", vpcId, "db", TAGS);
        aws.ensureDbInstance(new DbInstanceRequest("redash-prod", "16.4", "db.t4g.micro", 20, "redash", "redash",
                NAME, "redash-db", "redash-pg16", sg, 7, false, TAGS));
    }

    /** Keeps the message, toString and stack trace of the whole cause chain for the scan. */
    private void failure(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).isNotNull();
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        thrown.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder(trace.toString(StandardCharsets.UTF_8));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append('\n').append(t).append('\n').append(t.getMessage());
        }
        texts.add(text.toString());
    }

    /** Everything written to stdout and stderr (where the test logging, logback-test.xml, logs the adapter and the SDK at DEBUG) while {@code body} runs. */
    private static String captured(Runnable body) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new Tee(out, sink), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, sink), true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
