package io.github.camelloganalytics.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which hosts count as loopback, where plain http is allowed: {@code localhost}, an IPv4 literal in 127.0.0.0/8 and
 * the IPv6 loopback in any spelling. Nothing is resolved: a name that merely starts with {@code 127.} or resolves to
 * a loopback address is not loopback, since DNS is not the user's to trust.
 */
public final class LoopbackHosts {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]+]?");

    private LoopbackHosts() {
    }

    public static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (IPV4.matcher(h).matches()) {
            return h.startsWith("127.");
        }
        if (h.indexOf(':') >= 0 && IPV6_LITERAL.matcher(h).matches()) {
            try {
                // in brackets getByName must parse an IPv6 literal and never falls back to a lookup
                String bracketed = h.startsWith("[") ? h : "[" + h + "]";
                return InetAddress.getByName(bracketed).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
