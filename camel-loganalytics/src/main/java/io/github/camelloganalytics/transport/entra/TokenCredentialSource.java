package io.github.camelloganalytics.transport.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.camelloganalytics.transport.BearerTokenSource;
import io.github.camelloganalytics.transport.CredentialException;

/**
 * Bearer tokens from a {@link TokenCredential}, for one audience, kept until shortly before they expire so that a
 * token never expires in flight. One request at a time asks the token service; while it does, the others use the
 * token still good, and wait only when there is none. A token service that cannot be reached for
 * a moment (a managed identity endpoint restarting, a DNS blip) is a transient failure, retried like an I/O error;
 * a credential that is refused or not configured is final. Either way the message keeps the credential's own cause.
 */
public final class TokenCredentialSource implements BearerTokenSource {

    /** Refresh this long before expiry, so that a token never expires in flight. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    /**
     * After a token service could not be reached, it is asked again no sooner than this: every batch that retries asks
     * for a token, and each time the token service is asked the SDK logs its own lines, so requests in flight share
     * one attempt a second and the failure it ended with (or the token still held, while it has not expired).
     */
    static final Duration FAILURE_HOLD = Duration.ofSeconds(1);

    /** The longest credential message kept: DefaultAzureCredential's tells every credential it tried. */
    static final int MAX_MESSAGE = 600;

    private final TokenCredential credential;
    private final TokenRequestContext context;
    private final Clock clock;
    private final AtomicReference<AccessToken> cached = new AtomicReference<>();
    // held by the request asking the token service; guards the failure held
    private final ReentrantLock asking = new ReentrantLock();
    private CredentialException lastFailure;
    private OffsetDateTime lastFailureAt;

    public TokenCredentialSource(TokenCredential credential, String scope, Clock clock) {
        this.credential = credential;
        this.context = new TokenRequestContext().addScopes(scope);
        this.clock = clock;
    }

    @Override
    public String token() {
        AccessToken current = cached.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (current != null && now.isBefore(refreshAt(current))) {
            return current.getToken();
        }
        if (current != null && now.isBefore(current.getExpiresAt())) {
            if (!asking.tryLock()) {
                return current.getToken(); // another request is asking for a fresh one: this one is still good
            }
        } else {
            asking.lock();
        }
        try {
            return ask();
        } finally {
            asking.unlock();
        }
    }

    /** Asks the token service, unless a token came or a failure is held meanwhile; the caller holds {@link #asking}. */
    private String ask() {
        AccessToken current = cached.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (current != null && now.isBefore(refreshAt(current))) {
            return current.getToken(); // fetched while this request waited
        }
        OffsetDateTime holdEnds = lastFailure == null ? null : lastFailureAt.plus(FAILURE_HOLD);
        // a clock set back does not stretch the hold
        if (holdEnds != null && now.isBefore(holdEnds) && !now.isBefore(lastFailureAt)) {
            if (current != null && now.isBefore(current.getExpiresAt())) {
                return current.getToken();
            }
            throw new CredentialException(lastFailure.getMessage(), true, lastFailure.getCause(),
                    Math.max(1, Duration.between(now, holdEnds).toMillis()));
        }
        try {
            AccessToken fresh = credential.getTokenSync(context);
            if (fresh == null || fresh.getToken() == null) {
                throw new CredentialException("the token credential returned no token", true, null);
            }
            cached.set(fresh);
            lastFailure = null;
            return fresh.getToken();
        } catch (CredentialException e) {
            throw failed(e);
        } catch (RuntimeException e) {
            boolean unreachable = isUnreachable(e);
            CredentialException failure = failed(new CredentialException(
                    (unreachable ? "the token service could not be reached: " : "") + readable(e.getMessage()),
                    unreachable, e));
            AccessToken stillHeld = cached.get();
            if (unreachable && stillHeld != null && OffsetDateTime.now(clock).isBefore(stillHeld.getExpiresAt())) {
                return stillHeld.getToken(); // the token service is down, but the old token still works
            }
            throw failure;
        }
    }

    /**
     * Keeps a retryable failure for the hold, timed from when it was known (an unreachable token service may take
     * seconds to fail); a final one is not kept, so an identity that appears a moment later is found at once.
     */
    private CredentialException failed(CredentialException failure) {
        if (failure.isRetryable()) {
            lastFailure = failure;
            lastFailureAt = OffsetDateTime.now(clock);
        }
        return failure;
    }

    @Override
    public void invalidate(String token) {
        AccessToken current = cached.get();
        if (current != null && current.getToken().equals(token)) {
            cached.compareAndSet(current, null);
        }
    }

    private static OffsetDateTime refreshAt(AccessToken token) {
        OffsetDateTime margin = token.getExpiresAt().minus(REFRESH_MARGIN);
        OffsetDateTime suggested = token.getRefreshAt();
        return suggested != null && suggested.isBefore(margin) ? suggested : margin;
    }

    /**
     * Whether the failure is the network's rather than the credential's: an I/O error or a timeout anywhere among its
     * causes (azure-identity wraps them in ClientAuthenticationException or CredentialUnavailableException).
     */
    static boolean isUnreachable(Throwable error) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> pending = new ArrayList<>(List.of(error));
        while (!pending.isEmpty()) {
            Throwable t = pending.remove(pending.size() - 1);
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
            pending.add(t.getCause());
            pending.addAll(List.of(t.getSuppressed()));
        }
        return false;
    }

    /**
     * The credential's message as one line: every credential a chain tried keeps its own reason, the links to
     * troubleshooting pages go, and it stops at {@link #MAX_MESSAGE} characters.
     */
    static String readable(String message) {
        if (message == null || message.isBlank()) {
            return "authentication failed";
        }
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\\R")) {
            String kept = line.replaceAll("(?i)\\s*To mitigate this issue, please refer to.*$", "")
                    .replaceAll("(?i)\\s*(For more details|To troubleshoot)[^.]*https?://\\S+", "")
                    .replaceAll("https?://aka\\.ms/\\S+", "").strip();
            if (!kept.isEmpty()) {
                if (!out.isEmpty()) {
                    out.append(out.charAt(out.length() - 1) == '.' ? " " : "; ");
                }
                out.append(kept);
            }
        }
        String one = out.isEmpty() ? "authentication failed" : out.toString();
        return one.length() > MAX_MESSAGE ? one.substring(0, MAX_MESSAGE) + "…" : one;
    }
}
