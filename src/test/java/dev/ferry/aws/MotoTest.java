package dev.ferry.aws;

import dev.ferry.step.AwsPorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Base for adapter tests against moto: one server per test class, reset before each test, with a VPC and two
 * subnets in different zones (what RDS and ElastiCache subnet groups need).
 */
abstract class MotoTest {
    static final String PLAN = "redash-test";
    static final Map<String, String> TAGS = Map.of(PlanTags.PLAN_KEY, PLAN, "app", "redash");
    static final Map<String, String> OTHER_PLAN = Map.of(PlanTags.PLAN_KEY, "someone-else");
    static final AwsPorts.Owner OWNER = new AwsPorts.Owner(PLAN);
    static final Duration WAIT = Duration.ofSeconds(10);

    static MotoServer moto;
    static AwsClients clients;
    static SdkAwsPorts aws;

    String vpcId;
    List<String> subnetIds;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        clients = AwsClients.create(settings());
        aws = new SdkAwsPorts(clients);
    }

    static AwsSettings settings() {
        return AwsSettings.defaults().withRegion("us-east-1").withEndpoint(moto.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .withWaiterPollInterval(Duration.ofMillis(100));
    }

    @AfterAll
    static void stopMoto() {
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void freshAccount() throws Exception {
        moto.reset();
        Ec2Client ec2 = clients.ec2();
        vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        subnetIds = List.of(subnet(ec2, "10.0.1.0/24", "us-east-1a"), subnet(ec2, "10.0.2.0/24", "us-east-1b"));
    }

    private String subnet(Ec2Client ec2, String cidr, String zone) {
        return ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
    }
}
