package io.github.camelloganalytics;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import reactor.core.publisher.Mono;

/**
 * A TokenCredential for tests: hands out {@code <prefix>-1}, {@code <prefix>-2}, ... valid for an hour, and records the
 * scopes it was asked for. Can be told to refuse.
 */
public final class TestTokenCredential implements TokenCredential {

    private final String prefix;
    private final boolean fixed;
    private final AtomicInteger issued = new AtomicInteger();
    private final List<List<String>> scopes = new CopyOnWriteArrayList<>();
    private volatile boolean refuse;

    public TestTokenCredential(String prefix) {
        this(prefix, false);
    }

    private TestTokenCredential(String prefix, boolean fixed) {
        this.prefix = prefix;
        this.fixed = fixed;
    }

    /** Hands out the same token every time, as an emulator told to accept one token expects. */
    public static TestTokenCredential fixed(String token) {
        return new TestTokenCredential(token, true);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        scopes.add(request.getScopes());
        if (refuse) {
            throw new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided.", null);
        }
        int n = issued.incrementAndGet();
        // valid for an hour on the clock the component and the emulator judge expiry by
        OffsetDateTime expires = io.github.camelloganalytics.emulator.EmulatorClock.now().atOffset(java.time.ZoneOffset.UTC)
                .plusHours(1);
        return new AccessToken(fixed ? prefix : prefix + "-" + n, expires);
    }

    public int issued() {
        return issued.get();
    }

    public List<List<String>> scopes() {
        return scopes;
    }

    public void refuse() {
        refuse = true;
    }
}
