package io.github.camelloganalytics.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.time.Clock;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.github.camelloganalytics.batch.DeliveryFailure;
import io.github.camelloganalytics.delivery.AttemptOutcome.Accepted;
import io.github.camelloganalytics.delivery.AttemptOutcome.CredentialRefused;
import io.github.camelloganalytics.delivery.AttemptOutcome.Refused;
import io.github.camelloganalytics.delivery.AttemptOutcome.Transient;
import io.github.camelloganalytics.transport.ServiceResponse;

/**
 * Decides what an attempt's response or error means: accepted only on the API's own success status; transient for
 * throttling, server errors, timeouts and I/O errors; final for everything else, TLS trust failures included. Every
 * failure gets a sentence that says what came back, without quoting bytes a server sent.
 */
final class ResponseClassifier {

    private final int successStatus;
    private final String apiName;
    private final String proxyAddress;
    private final long connectTimeoutMillis;
    private final Clock clock;
    private final RefusalHints hints;

    /**
     * @param successStatus the API's answer to an accepted request (200 or 204)
     * @param apiName       the API, for messages ("the Data Collector API")
     * @param proxyAddress  host:port of the configured proxy, or null
     * @param hints         what the API's refusals mean, added to their reasons
     */
    ResponseClassifier(int successStatus, String apiName, String proxyAddress, long connectTimeoutMillis, Clock clock,
                       RefusalHints hints) {
        this.successStatus = successStatus;
        this.apiName = apiName;
        this.proxyAddress = proxyAddress;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.clock = clock;
        this.hints = hints;
    }

    AttemptOutcome classify(ServiceResponse response, String target, int attempts) {
        int status = response.statusCode();
        if (status == successStatus && !"text/html".equals(response.mediaType())) {
            return new Accepted(status);
        }
        ServiceReply reply = ServiceReply.of(response, clock);
        if (status >= 200 && status < 400) {
            // a proxy's or portal's page, or another service: not the API's answer, and repeating will not change it
            return new Refused(failure("the endpoint answered HTTP " + status + describeBody(response) + ", not "
                                       + apiName + "'s answer (HTTP " + successStatus + "): check that endpoint (and"
                                       + " any proxy in between) leads to the service",
                    target, status, reply, attempts, false));
        }
        if (status == 407) {
            return new Refused(failure("the proxy " + (proxyAddress != null ? proxyAddress + " " : "")
                                       + "refused the request with HTTP 407 (proxy authentication required): set or"
                                       + " check proxyUser and proxyPassword",
                    target, status, reply, attempts, false));
        }
        boolean retryable = RetryPolicy.isRetryable(status);
        String hint = retryable ? null : hints.hint(status, reply.errorCode());
        DeliveryFailure failure = failure(describe(status, reply, response, retryable) + (hint != null ? "; " + hint : ""),
                target, status, reply, attempts, retryable);
        if (status == 401 || status == 403) {
            return new CredentialRefused(status, failure);
        }
        return retryable ? new Transient(failure, reply.retryAfterMillis()) : new Refused(failure);
    }

    AttemptOutcome classify(Throwable error, String target, int attempts) {
        String host = hostOf(target);
        if (error instanceof HttpConnectTimeoutException) {
            return transientFailure(proxyAddress != null
                    ? "no connection to the proxy " + proxyAddress + " within connectTimeout (" + connectTimeoutMillis + " ms)"
                    : "no connection to " + host + " within connectTimeout (" + connectTimeoutMillis + " ms)"
                      + (target.startsWith("https:") ? "; the TLS handshake counts too: is it an https server?" : ""),
                    target, attempts, error);
        }
        if (error instanceof HttpTimeoutException) {
            return transientFailure("no complete response from " + host + ": " + safeMessage(error), target, attempts,
                    error);
        }
        Throwable tls = find(error, SSLException.class);
        if (tls != null) {
            return classifyTls((SSLException) tls, target, host, attempts, error);
        }
        if (find(error, ConnectException.class) != null) {
            return transientFailure(proxyAddress != null
                    ? "cannot connect to the proxy " + proxyAddress + " (" + safeMessage(find(error, ConnectException.class)) + ")"
                    : "cannot connect to " + host + " (" + safeMessage(find(error, ConnectException.class)) + ")",
                    target, attempts, error);
        }
        if (find(error, UnresolvedAddressException.class) != null || find(error, UnknownHostException.class) != null) {
            return transientFailure("cannot resolve the host " + (proxyAddress != null ? "of the proxy " + proxyAddress : host),
                    target, attempts, error);
        }
        if (error instanceof IOException) {
            return transientFailure("I/O error with " + host + ": " + error.getClass().getSimpleName()
                                    + optional(safeMessage(error)), target, attempts, error);
        }
        return new Refused(new DeliveryFailure("the request could not be sent: " + error.getClass().getName()
                                               + optional(safeMessage(error)), target, 0, null, null, attempts, false, error));
    }

    private AttemptOutcome classifyTls(SSLException tls, String target, String host, int attempts, Throwable error) {
        if (find(tls, GeneralSecurityException.class) != null) {
            // java.security.cert.CertificateException, CertPathValidatorException: trust or host name, not luck
            return new Refused(new DeliveryFailure("TLS failed: the certificate of " + host + " is not trusted or does"
                                                   + " not match the host (" + safeMessage(find(tls, GeneralSecurityException.class))
                                                   + "); configure sslContextParameters with a trust store that holds"
                                                   + " it, or correct endpoint",
                    target, 0, null, null, attempts, false, error));
        }
        String message = String.valueOf(tls.getMessage());
        if (message.contains("Unsupported or unrecognized SSL message") || message.contains("plaintext")) {
            return new Refused(new DeliveryFailure("TLS failed: " + host + " did not answer in TLS; is it a plain http"
                                                   + " server? (endpoint must use https, http only on loopback)",
                    target, 0, null, null, attempts, false, error));
        }
        if (tls instanceof SSLHandshakeException && find(tls, IOException.class) == tls) {
            return new Refused(new DeliveryFailure("TLS failed: the handshake with " + host + " was refused ("
                                                   + safeMessage(tls) + ")", target, 0, null, null, attempts, false, error));
        }
        // the connection ended mid-handshake: the network, not the configuration
        return transientFailure("TLS failed with " + host + ": " + safeMessage(tls), target, attempts, error);
    }

    private static Transient transientFailure(String reason, String target, int attempts, Throwable cause) {
        return new Transient(new DeliveryFailure(reason, target, 0, null, null, attempts, true, cause), -1);
    }

    private static DeliveryFailure failure(String reason, String target, int status, ServiceReply reply, int attempts,
                                           boolean retryable) {
        return new DeliveryFailure(reason, target, status, reply.errorCode(), reply.message(), attempts, retryable, null);
    }

    private static String describe(int status, ServiceReply reply, ServiceResponse response, boolean retryable) {
        StringBuilder sb = new StringBuilder(retryable ? "the service answered HTTP " : "the service refused the request with HTTP ");
        sb.append(status);
        if (reply.errorCode() != null || reply.message() != null) {
            sb.append(" (");
            if (reply.errorCode() != null) {
                sb.append(reply.errorCode());
                if (reply.message() != null) {
                    sb.append(": ");
                }
            }
            if (reply.message() != null) {
                sb.append(reply.message());
            }
            sb.append(')');
        } else {
            sb.append(describeBody(response));
        }
        return sb.toString();
    }

    /** " with a text/html body of 1234 bytes", or nothing for an empty body. */
    private static String describeBody(ServiceResponse response) {
        if (!response.hasBody()) {
            return "";
        }
        String type = response.mediaType();
        String size = response.truncated() ? "more than " + response.body().length : String.valueOf(response.body().length);
        return " with a " + (type != null ? ServiceReply.printable(type) + " " : "") + "body of " + size + " bytes";
    }

    private static String hostOf(String target) {
        try {
            URI uri = URI.create(target.replace("{", "%7B").replace("}", "%7D"));
            return uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        } catch (RuntimeException e) {
            return "the service";
        }
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * An exception's message without what a server sent: the JDK quotes unexpected bytes of a response (an invalid
     * status line, say) in its messages.
     */
    static String safeMessage(Throwable error) {
        if (error == null || error.getMessage() == null) {
            return error instanceof ConnectException ? "connection refused" : null;
        }
        String message = error.getMessage().replaceAll("\"[^\"]*\"", "\"…\"");
        return ServiceReply.printable(message);
    }

    private static String optional(String message) {
        return message == null ? "" : ": " + message;
    }
}
