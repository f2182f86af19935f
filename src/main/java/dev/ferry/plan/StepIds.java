package dev.ferry.plan;

import java.util.List;

/** The built-in step ids, in the order of the procedure. */
public final class StepIds {
    public static final String UPGRADE_LOCAL_POSTGRES = "upgrade-local-postgres";
    public static final String PROVISION = "provision";
    public static final String MOVE_DATABASE = "move-database";
    public static final String REPOINT_REDIS = "repoint-redis";
    public static final String START_FARGATE_WORKERS = "start-fargate-workers";
    public static final String HANDOFF_SCHEDULER = "handoff-scheduler";
    public static final String VERIFY_TEMPORARY_DOMAIN = "verify-temporary-domain";
    public static final String CUTOVER_SERVER = "cutover-server";
    public static final String DECOMMISSION = "decommission";

    public static final List<String> ALL = List.of(UPGRADE_LOCAL_POSTGRES, PROVISION, MOVE_DATABASE, REPOINT_REDIS,
            START_FARGATE_WORKERS, HANDOFF_SCHEDULER, VERIFY_TEMPORARY_DOMAIN, CUTOVER_SERVER, DECOMMISSION);

    private StepIds() {
    }
}
