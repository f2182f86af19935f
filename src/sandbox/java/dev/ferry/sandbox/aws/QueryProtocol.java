package dev.ferry.sandbox.aws;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Query protocol (RDS, ElastiCache, ELBv2, STS) and its EC2 dialect: a form-encoded body with {@code Action},
 * answered with {@code <ActionResponse><ActionResult>..</ActionResult><ResponseMetadata>}, or for EC2 with
 * {@code <ActionResponse><requestId/>..} and EC2's own error document.
 */
final class QueryProtocol implements Protocol {
    private static final Logger LOG = LoggerFactory.getLogger(QueryProtocol.class);

    /** The operations of one Query service; each writes the inside of its result element. */
    interface Operations {
        void call(String action, QueryParams params, Xml result);
    }

    private final String signingName;
    private final String namespace;
    private final boolean ec2;
    private final Faults faults;
    private final Operations operations;

    private QueryProtocol(String signingName, String namespace, boolean ec2, Faults faults, Operations operations) {
        this.signingName = signingName;
        this.namespace = namespace;
        this.ec2 = ec2;
        this.faults = faults;
        this.operations = operations;
    }

    static QueryProtocol query(String signingName, String namespace, Faults faults, Operations operations) {
        return new QueryProtocol(signingName, namespace, false, faults, operations);
    }

    static QueryProtocol ec2(Faults faults, Operations operations) {
        return new QueryProtocol("ec2", "http://ec2.amazonaws.com/doc/2016-11-15/", true, faults, operations);
    }

    @Override
    public String signingName() {
        return signingName;
    }

    @Override
    public Reply serve(HttpCall call) {
        Map<String, String> form = HttpCall.decodeForm(call.bodyText());
        form.putAll(call.query());
        String action = form.getOrDefault("Action", "");
        try {
            Faults.Kind fault = faults.onCall(signingName, action);
            if (fault != null) {
                throw ErrorReplies.injected(faults, fault, ec2 ? "RequestLimitExceeded" : "Throttling",
                        signingName, action);
            }
            Xml result = new Xml();
            operations.call(action, new QueryParams(form), result);
            return Reply.xml(200, envelope(action, result));
        } catch (AwsException e) {
            return ec2 ? ErrorReplies.ec2(e) : ErrorReplies.query(namespace, e);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", signingName, action, e);
            AwsException internal = ErrorReplies.internal(e);
            return ec2 ? ErrorReplies.ec2(internal) : ErrorReplies.query(namespace, internal);
        }
    }

    private String envelope(String action, Xml result) {
        String requestId = Ids.requestId();
        if (ec2) {
            return "<" + action + "Response xmlns=\"" + namespace + "\"><requestId>" + requestId + "</requestId>"
                    + result + "</" + action + "Response>";
        }
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></"
                + action + "Response>";
    }

    static AwsException unknownAction(String action) {
        return AwsException.badRequest("InvalidAction", "The action " + action + " is not valid for this web service.");
    }
}
