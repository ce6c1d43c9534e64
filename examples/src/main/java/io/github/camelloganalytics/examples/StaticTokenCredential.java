package io.github.camelloganalytics.examples;

import java.time.OffsetDateTime;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

/**
 * A TokenCredential that returns one fixed token: what the emulator accepts in place of Microsoft Entra ID.
 */
public final class StaticTokenCredential implements TokenCredential {

    private final String token;

    public StaticTokenCredential(String token) {
        this.token = token;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return new AccessToken(token, OffsetDateTime.now().plusHours(1));
    }
}
