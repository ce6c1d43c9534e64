package io.github.camelloganalytics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.apache.camel.CamelContext;

/**
 * The User-Agent the component sends, as Azure's own clients identify themselves:
 * {@code camel-loganalytics/<version> (Camel <version>; Java <version>)}.
 */
final class UserAgent {

    static final String VERSION = readVersion();

    private UserAgent() {
    }

    static String of(CamelContext context) {
        return "camel-loganalytics/" + VERSION + " (Camel " + context.getVersion() + "; Java "
               + System.getProperty("java.version") + ")";
    }

    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("camel-loganalytics.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
