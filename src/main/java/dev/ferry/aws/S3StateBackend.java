package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.PlanLock;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StorageFacts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A plan's state in an S3 bucket a team shares. For the state object key {@code K}: the document at {@code K},
 * replaced only with {@code If-Match: <ETag>} (created with {@code If-None-Match: *}), so of two writers that read
 * the same version exactly one wins; the lock at {@code K.lock} (see {@link S3Lock}); journal lines as numbered
 * objects {@code K.journal/0000000001}, each created with {@code If-None-Match: *}; side files at
 * {@code K.files/NAME}. Object contents are never logged. Close it to close its client.
 */
public final class S3StateBackend implements StateBackend, AutoCloseable {
    static final String LOCK = ".lock";
    static final String JOURNAL = ".journal/";
    static final String FILES = ".files/";
    private static final int JOURNAL_DIGITS = 10;

    private final S3Objects objects;
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private long nextJournal = -1;

    S3StateBackend(S3Client s3, AwsSettings settings, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.objects = new S3Objects(s3, new AwsCalls(AwsService.S3, settings), bucket);
    }

    /** The backend for {@code s3://bucket/key}, reached as {@code settings} say (region, profile, endpoint). */
    public static S3StateBackend open(AwsSettings settings, String bucket, String key) {
        return new S3StateBackend(AwsClients.s3(settings), settings, bucket, key);
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public Optional<Versioned> readState() {
        return objects.get(key).map(o -> new Versioned(o.content(), o.etag()));
    }

    @Override
    public String writeState(byte[] content, Optional<String> expected) {
        Optional<String> etag = objects.putIf(key, content, expected);
        if (etag.isPresent()) {
            return etag.get();
        }
        String actual = objects.etag(key).orElse("none (deleted)");
        throw new StateConflictException(location(), expected.orElse("none (create)"), actual);
    }

    @Override
    public Lease lock(Clock clock) {
        return new S3Lock(objects, key + LOCK, location()).acquire(clock);
    }

    @Override
    public Optional<PlanLock.LockHolder> lockHolder() {
        return new S3Lock(objects, key + LOCK, location()).holder();
    }

    @Override
    public void forceUnlock(String lockId) {
        new S3Lock(objects, key + LOCK, location()).forceUnlock(lockId);
    }

    @Override
    public synchronized void appendJournal(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        byte[] content = line.getBytes(StandardCharsets.UTF_8);
        if (nextJournal < 0) {
            nextJournal = journalKeys().size() + 1L;
        }
        while (objects.putIf(journalKey(nextJournal), content, Optional.empty()).isEmpty()) {
            nextJournal = Math.max(nextJournal + 1, journalKeys().size() + 1L);
        }
        nextJournal++;
    }

    @Override
    public List<String> readJournal() {
        List<String> lines = new ArrayList<>();
        for (String journalKey : journalKeys()) {
            objects.get(journalKey).ifPresent(o -> lines.add(new String(o.content(), StandardCharsets.UTF_8)));
        }
        return lines;
    }

    @Override
    public void writeFile(String name, byte[] content) {
        objects.put(fileKey(name), content);
    }

    @Override
    public Optional<byte[]> readFile(String name) {
        return objects.get(fileKey(name)).map(S3Objects.Stored::content);
    }

    /** The last good state document is a previous version of the object (in a versioned bucket). */
    @Override
    public String recovery() {
        return "restore its previous version: `aws s3api list-object-versions --bucket " + bucket + " --prefix " + key
                + "`, then copy the last good version over it";
    }

    /** Whether the bucket answers, and its versioning and default encryption, for {@code ferry doctor}. */
    @Override
    public Optional<StorageFacts> facts() {
        String versioningFix = "aws s3api put-bucket-versioning --bucket " + bucket
                + " --versioning-configuration Status=Enabled";
        String encryptionFix = "aws s3api put-bucket-encryption --bucket " + bucket + " --server-side-encryption-"
                + "configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'";
        try {
            objects.headBucket();
        } catch (FerryException e) {
            return Optional.of(new StorageFacts(location(), Optional.of(e.getMessage()), StorageFacts.UNKNOWN,
                    StorageFacts.UNKNOWN, versioningFix, encryptionFix));
        }
        return Optional.of(new StorageFacts(location(), Optional.empty(), objects.versioning(), objects.encryption(),
                versioningFix, encryptionFix));
    }

    private List<String> journalKeys() {
        return objects.list(key + JOURNAL).stream().map(S3Object::key)
                .filter(k -> k.length() == (key + JOURNAL).length() + JOURNAL_DIGITS).sorted().toList();
    }

    private String journalKey(long sequence) {
        return key + JOURNAL + String.format("%0" + JOURNAL_DIGITS + "d", sequence);
    }

    private String fileKey(String name) {
        if (name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "side file name '" + name + "' is not a plain file name");
        }
        return key + FILES + name;
    }

    @Override
    public void close() {
        s3.close();
    }
}
