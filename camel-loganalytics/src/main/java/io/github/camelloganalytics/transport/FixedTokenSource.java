package io.github.camelloganalytics.transport;

/**
 * One bearer token, given in the configuration: for the emulator and tests on loopback, where no identity exists.
 */
public final class FixedTokenSource implements BearerTokenSource {

    private final String token;

    public FixedTokenSource(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }

    /** Nothing to refresh: a refused token is refused again, and the request fails as a 401 says. */
    @Override
    public void invalidate(String refused) {
    }
}
