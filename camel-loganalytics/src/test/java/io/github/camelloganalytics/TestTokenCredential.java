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
    private final AtomicInteger issued = new AtomicInteger();
    private final List<List<String>> scopes = new CopyOnWriteArrayList<>();
    private volatile boolean refuse;

    public TestTokenCredential(String prefix) {
        this.prefix = prefix;
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
        return new AccessToken(prefix + "-" + issued.incrementAndGet(), OffsetDateTime.now().plusHours(1));
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
