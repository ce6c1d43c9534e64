package io.github.camelloganalytics.transport;

/**
 * What authenticated a request: a workspace key or a bearer token, so that a refusal can be pinned on it.
 */
public sealed interface RequestCredential permits SharedKey, BearerToken {
}
