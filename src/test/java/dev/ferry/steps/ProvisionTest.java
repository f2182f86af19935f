package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.plan.StepIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisionTest {
    private final Provision step = new Provision();

    @Test
    void declaresReversibleWithoutDowntime() {
        assertThat(step.id()).isEqualTo(StepIds.PROVISION);
        assertThat(step.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
        assertThat(step.downtime()).isFalse();
    }

    @Test
    void previewCreatesEverythingInOrder() {
        List<Action> actions = step.actions(RedashPlan.context(StepIds.PROVISION));
        assertThat(RedashPlan.names(actions)).containsExactly("check-plan", "create-security-groups", "store-secrets",
                "create-database", "create-cache", "create-cluster", "create-target-group",
                "register-task-definitions", "create-services", "await-data-stores");
        List<String> texts = RedashPlan.texts(actions);
        assertThat(texts).containsSubsequence(
                "ec2:CreateSecurityGroup(GroupName=redash-prod-tasks, VpcId=vpc-0abc, Description=ferry redash-prod: ECS tasks,"
                        + " TagSpecifications=[ferry:plan=redash-prod])",
                "ec2:AuthorizeSecurityGroupIngress(GroupId=<db sg>, IpProtocol=tcp, FromPort=5432, ToPort=5432,"
                        + " SourceGroupId=<tasks sg>, Description=ferry: from <tasks sg>)",
                "ec2:AuthorizeSecurityGroupIngress(GroupId=<db sg>, IpProtocol=tcp, FromPort=5432, ToPort=5432,"
                        + " SourceGroupId=sg-0host, Description=ferry: from sg-0host)",
                "ssm:PutParameter(Name=/redash/prod/DATABASE_PASSWORD, Type=SecureString, Value=<generated, 32 characters>,"
                        + " Overwrite=false, Tags=[ferry:plan=redash-prod])  # only if absent; an existing one is kept",
                "ssm:PutParameter(Name=/redash/prod/REDASH_SECRET_KEY, Type=SecureString, Value=<REDASH_SECRET_KEY from"
                        + " /opt/redash/env, unchanged>, Overwrite=false, Tags=[ferry:plan=redash-prod])  # if absent",
                "ssm:PutParameter(Name=/redash/prod/REDASH_SECRET_KEY, Type=SecureString, Value=<REDASH_SECRET_KEY from"
                        + " /opt/redash/env, unchanged>, Overwrite=true)  # if it exists with another value",
                "ssm:AddTagsToResource(ResourceType=Parameter, ResourceId=/redash/prod/REDASH_SECRET_KEY,"
                        + " Tags=[ferry:plan=redash-prod])  # if it exists with another value");
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("rds:CreateDBInstance(DBInstanceIdentifier=redash, "
                + "Engine=postgres, EngineVersion=16.4").contains("StorageEncrypted=true", "PubliclyAccessible=false",
                "DeletionProtection=false", "BackupRetentionPeriod=7", "MasterUserPassword=<from SSM /redash/prod/DATABASE_PASSWORD>"));
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("ecs:CreateService(Cluster=redash-prod, ServiceName=redash-prod-scheduler")
                .contains("DesiredCount=0", "{MinimumHealthyPercent=0, MaximumPercent=100}"));
        assertThat(texts).anySatisfy(t -> assertThat(t).startsWith("ecs:CreateService(Cluster=redash-prod, ServiceName=redash-prod-worker,")
                .contains("DeploymentCircuitBreaker={Enable=true, Rollback=true}"));
        int awaitRds = texts.indexOf(texts.stream().filter(t -> t.startsWith(
                "rds:DescribeDBInstances(DBInstanceIdentifier=redash) until available")).findFirst().orElseThrow());
        assertThat(texts.get(awaitRds)).contains("stop at a state RDS does not leave (failed, incompatible-*)");
        assertThat(texts.get(awaitRds + 1))
                .isEqualTo("rds:ModifyDBInstance(DBInstanceIdentifier=redash, DeletionProtection=true, ApplyImmediately=true)"
                        + "  # unless it is protected");
        assertThat(texts).contains("ssm:PutParameter(Name=/redash/prod/REDASH_DATABASE_URL, Type=SecureString, "
                + "Value=postgresql://redash:****@<rds endpoint>/redash, Overwrite=false, Tags=[ferry:plan=redash-prod])"
                + "  # if absent", "ssm:PutParameter(Name=/redash/prod/REDASH_DATABASE_URL, Type=SecureString, "
                + "Value=postgresql://redash:****@<rds endpoint>/redash, Overwrite=true)  # if it exists with another value");
    }

    @Test
    void neverOpensDatabaseOrCacheToACidr() {
        List<String> texts = RedashPlan.texts(step.actions(RedashPlan.context(StepIds.PROVISION)));
        assertThat(texts).noneMatch(t -> t.contains("0.0.0.0/0") || t.contains("CidrIp"));
        assertThat(texts.stream().filter(t -> t.startsWith("ec2:AuthorizeSecurityGroupIngress"))).hasSize(5);
    }

    @Test
    void everyCreateIsTagged() {
        List<String> texts = RedashPlan.texts(step.actions(RedashPlan.context(StepIds.PROVISION)));
        List<String> creates = texts.stream().filter(t -> !t.contains("Overwrite=true"))
                .filter(t -> t.matches("^[a-z0-9]+:(Create[A-Za-z]*|RegisterTaskDefinition|PutParameter)\\(.*")).toList();
        assertThat(creates).isNotEmpty().allSatisfy(t -> assertThat(t).contains("ferry:plan=redash-prod"));
        // PutParameter takes no tags when it overwrites: the tags follow in AddTagsToResource
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).startsWith("ssm:PutParameter(") && texts.get(i).contains("Overwrite=true")) {
                assertThat(texts.get(i + 1)).startsWith("ssm:AddTagsToResource(").contains("ferry:plan=redash-prod");
            }
        }
    }

    @Test
    void rollbackDeletesInReverse() {
        List<Action> rollback = step.rollbackActions(RedashPlan.context(StepIds.PROVISION));
        assertThat(RedashPlan.names(rollback)).containsExactly("delete-services", "delete-cluster",
                "delete-target-group", "delete-data-stores", "delete-parameters", "delete-security-groups");
        assertThat(rollback.stream().flatMap(a -> a.effects().stream()).map(Effect::kind))
                .allMatch(k -> k == Effect.Kind.AWS_CALL || k == Effect.Kind.WAIT || k == Effect.Kind.CHECK);
    }

    @Test
    void everyDeleteOrChangeIsPrecededByTheCheckOfThisPlansTag() {
        List<Action> rollback = step.rollbackActions(RedashPlan.context(StepIds.PROVISION));
        int changes = 0;
        for (Action action : rollback) {
            List<Effect> effects = action.effects();
            for (int i = 0; i < effects.size(); i++) {
                String text = effects.get(i).text();
                if (text.matches("^[a-z0-9]+:(Delete|Deregister|Update|Modify)[A-Za-z]*\\(.*")) {
                    changes++;
                    assertThat(effects.subList(0, i)).as(text).anySatisfy(e -> {
                        assertThat(e.kind()).isEqualTo(Effect.Kind.CHECK);
                        assertThat(e.text()).contains("must be tagged ferry:plan=redash-prod");
                    });
                }
            }
        }
        assertThat(changes).isGreaterThan(10);
    }
}
