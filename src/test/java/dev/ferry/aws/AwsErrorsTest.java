package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.Target;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {
    private static final String PROFILE = "the role in profile prod-admin";

    @Test
    void accessDeniedNamesTheActionTheResourceAndWhoNeedsTheGrant() {
        FerryException e = translate(aws("AccessDenied", "User: arn:aws:sts::1:assumed-role/x is not authorized"
                + " to perform this operation", 403), AwsService.RDS, "CreateDBInstance", "redash-prod");

        assertThat(e.getMessage()).startsWith("rds:CreateDBInstance on redash-prod was denied: grant"
                + " rds:CreateDBInstance to the role in profile prod-admin");
        assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED);
    }

    @Test
    void accessDeniedPrefersTheActionAwsSaysItRefused() {
        FerryException e = translate(aws("AccessDeniedException", "User: arn:aws:iam::1:user/sre is not authorized"
                + " to perform: ecs:TagResource on resource: arn:aws:ecs:...", 400), AwsService.ECS, "CreateService",
                "redash-worker");

        assertThat(e.getMessage()).contains("ecs:CreateService on redash-worker was denied: grant ecs:TagResource");
    }

    @Test
    void ec2UnauthorizedOperationIsAccessDeniedToo() {
        FerryException e = translate(aws("UnauthorizedOperation", "You are not authorized to perform this operation.",
                403), AwsService.EC2, "CreateSecurityGroup", "redash-db");

        assertThat(e.getMessage()).contains("grant ec2:CreateSecurityGroup to the role in profile prod-admin");
    }

    @Test
    void throttlingAfterRetriesTellsTheOperatorToWaitAndResume() {
        FerryException e = translate(aws("ThrottlingException", "Rate exceeded", 400), AwsService.ECS,
                "UpdateService", "redash-worker");

        assertThat(e.getMessage()).isEqualTo("throttled by AWS on ecs:UpdateService for redash-worker"
                + " (ThrottlingException, retries exhausted); wait a few minutes and run `ferry resume PLAN`");
        assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED);
    }

    @Test
    void rejectedOrMissingCredentialsAreAPreflightProblem() {
        assertThat(translate(aws("ExpiredToken", "The security token included in the request is expired", 400),
                AwsService.SSM, "GetParameter", "/x").code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
        FerryException missing = translate(SdkClientException.create("Unable to load credentials from any of the"
                + " providers in the chain"), AwsService.STS, "GetCallerIdentity", "caller identity");
        assertThat(missing.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
        assertThat(missing.getMessage()).contains("no usable AWS credentials");
    }

    @Test
    void otherFailuresNameServiceOperationResourceAndRequestId() {
        FerryException e = translate(aws("InvalidParameterCombination", "Cannot delete protected DB Instance", 400),
                AwsService.RDS, "DeleteDBInstance", "redash-prod");

        assertThat(e.getMessage()).isEqualTo("rds:DeleteDBInstance on redash-prod failed: InvalidParameterCombination:"
                + " Cannot delete protected DB Instance (request id req-1)");
    }

    @Test
    void sensitiveCallsDropAwsTextAndTheCause() {
        FerryException e = AwsErrors.translate(aws("ValidationException", "Value 'hunter2' at 'value' failed", 400),
                AwsService.SSM, "PutParameter", "/p/SECRET", PROFILE, true);

        assertThat(e.getMessage()).doesNotContain("hunter2").contains("ssm:PutParameter on /p/SECRET failed");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void notFoundCodesMeanAlreadyGone() {
        assertThat(AwsErrors.isNotFound(aws("DBInstanceNotFound", "", 404))).isTrue();
        assertThat(AwsErrors.isNotFound(aws("InvalidGroup.NotFound", "", 400))).isTrue();
        assertThat(AwsErrors.isNotFound(aws("NoSuchHostedZone", "", 400))).isTrue();
        assertThat(AwsErrors.isNotFound(aws("ResourceInUse", "", 400))).isFalse();
    }

    @Test
    void settingsPreferFlagsOverThePlanAndIgnoreBlankFlags() {
        Target target = new Target("eu-west-1", "prod", null, null, null, null, null);

        AwsSettings plain = AwsSettings.of(target).withRegion(" ").withProfile(null);
        AwsSettings flagged = AwsSettings.of(target).withRegion("us-east-2").withProfile("break-glass");

        assertThat(plain.region()).isEqualTo("eu-west-1");
        assertThat(plain.principal()).isEqualTo("the role in profile prod");
        assertThat(flagged.region()).isEqualTo("us-east-2");
        assertThat(flagged.profile()).isEqualTo("break-glass");
    }

    private static FerryException translate(RuntimeException error, AwsService service, String op, String res) {
        return AwsErrors.translate(error, service, op, res, PROFILE, false);
    }

    private static AwsServiceException aws(String code, String message, int status) {
        return AwsServiceException.builder().statusCode(status).requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
