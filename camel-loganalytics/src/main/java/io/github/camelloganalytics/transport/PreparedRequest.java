package io.github.camelloganalytics.transport;

import java.net.http.HttpRequest;

/**
 * A request ready to send, with the credential that authenticated it, so a refusal can be pinned on that credential.
 *
 * @param request    the HTTP request
 * @param credential what authenticated it
 */
public record PreparedRequest(HttpRequest request, RequestCredential credential) {
}
