package io.github.camelloganalytics.transport.entra;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import io.github.camelloganalytics.transport.BearerTokenSource;
import io.github.camelloganalytics.transport.CredentialException;

/**
 * Bearer tokens from a {@link TokenCredential}, for one audience, kept until shortly before they expire so that a
 * request never waits for the token service while a token is still good.
 */
public final class TokenCredentialSource implements BearerTokenSource {

    /** Refresh this long before expiry, so that a token never expires in flight. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final TokenCredential credential;
    private final TokenRequestContext context;
    private final Clock clock;
    private AccessToken cached;

    public TokenCredentialSource(TokenCredential credential, String scope, Clock clock) {
        this.credential = credential;
        this.context = new TokenRequestContext().addScopes(scope);
        this.clock = clock;
    }

    @Override
    public synchronized String token() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (cached != null && now.isBefore(refreshAt(cached))) {
            return cached.getToken();
        }
        try {
            AccessToken fresh = credential.getTokenSync(context);
            if (fresh == null || fresh.getToken() == null) {
                throw new CredentialException("the token credential returned no token", true, null);
            }
            cached = fresh;
            return fresh.getToken();
        } catch (ClientAuthenticationException e) {
            // refused credentials or none available: asking again will not help
            throw new CredentialException(firstLine(e.getMessage()), false, e);
        } catch (CredentialException e) {
            throw e;
        } catch (RuntimeException e) {
            if (cached != null && now.isBefore(cached.getExpiresAt())) {
                return cached.getToken(); // the token service is down, but the old token still works
            }
            throw new CredentialException(firstLine(String.valueOf(e.getMessage())), true, e);
        }
    }

    @Override
    public synchronized void invalidate(String token) {
        if (cached != null && cached.getToken().equals(token)) {
            cached = null;
        }
    }

    private static OffsetDateTime refreshAt(AccessToken token) {
        OffsetDateTime margin = token.getExpiresAt().minus(REFRESH_MARGIN);
        OffsetDateTime suggested = token.getRefreshAt();
        return suggested != null && suggested.isBefore(margin) ? suggested : margin;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "authentication failed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
