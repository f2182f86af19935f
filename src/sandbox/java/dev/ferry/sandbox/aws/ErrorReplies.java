package dev.ferry.sandbox.aws;

/** The error documents of the XML protocols and the fault-injection errors of every protocol. */
final class ErrorReplies {
    private ErrorReplies() {
    }

    /** Query and REST-XML: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    static Reply query(String namespace, AwsException e) {
        Xml xml = new Xml().open("ErrorResponse", namespace).open("Error")
                .el("Type", e.faultType()).el("Code", e.code()).el("Message", e.getMessage()).close()
                .el("RequestId", Ids.requestId()).close();
        return Reply.xml(e.status(), xml.toString());
    }

    /** EC2: {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}. */
    static Reply ec2(AwsException e) {
        Xml xml = new Xml().open("Response").open("Errors").open("Error")
                .el("Code", e.code()).el("Message", e.getMessage()).close().close()
                .el("RequestID", Ids.requestId()).close();
        return Reply.xml(e.status(), xml.toString());
    }

    /**
     * The exception an injected fault turns into, in this protocol's shape: its throttling code, and its denial
     * ({@code AccessDenied} 403 for Query and REST-XML, {@code UnauthorizedOperation} 403 for EC2,
     * {@code AccessDeniedException} 400 for JSON), the message naming caller and action as IAM does.
     */
    static AwsException injected(Faults faults, Faults.Kind kind, String throttlingCode, String service,
                                     String operation) {
        if (kind == Faults.Kind.ACCESS_DENIED) {
            String action = service + ":" + operation;
            String denial = "User: " + faults.caller() + " is not authorized to perform: " + action
                    + " because no identity-based policy allows the " + action + " action";
            return switch (service) {
                case "ec2" -> new AwsException(403, "UnauthorizedOperation",
                        "You are not authorized to perform this operation. " + denial);
                case "ecs", "ssm", "logs" -> new AwsException(400, "AccessDeniedException", denial);
                default -> new AwsException(403, "AccessDenied", denial);
            };
        }
        if (kind == Faults.Kind.THROTTLE) {
            return new AwsException(400, throttlingCode, "Rate exceeded (injected fault on " + operation + ")");
        }
        return new AwsException(500, "InternalFailure", "Injected server error on " + operation);
    }

    static AwsException internal(RuntimeException e) {
        return new AwsException(500, "InternalFailure", "sandbox failure: " + e);
    }
}
