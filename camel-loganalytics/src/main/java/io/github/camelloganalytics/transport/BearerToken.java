package io.github.camelloganalytics.transport;

/**
 * A bearer token as sent. Its {@code toString} never shows it.
 *
 * @param value the token
 */
public record BearerToken(String value) implements RequestCredential {

    @Override
    public String toString() {
        return "BearerToken[******]";
    }
}
