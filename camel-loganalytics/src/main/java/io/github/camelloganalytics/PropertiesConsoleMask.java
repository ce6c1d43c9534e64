package io.github.camelloganalytics;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's {@code properties} dev console masks a property by Camel's built-in list of secret names only, so
 * {@code camel.component.loganalytics.shared-key} would show in clear. This stands in for that console under its own id
 * and masks the component's secret options too, in every spelling, in its text and JSON output; everything else is
 * Camel's console as it was.
 */
final class PropertiesConsoleMask implements DevConsole {

    static final String ID = "properties";
    private static final String MASK = "xxxxxx";

    private final DevConsole camels;

    private PropertiesConsoleMask(DevConsole camels) {
        this.camels = camels;
    }

    /**
     * Puts the mask in place of Camel's properties console when the context has a dev console registry (camel-console
     * on the class path); does nothing otherwise, or when it is already in place.
     */
    static void install(CamelContext context) {
        DevConsoleRegistry registry = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        if (registry == null) {
            return;
        }
        DevConsole current = registry.getConsole(ID).orElse(null);
        if (current instanceof PropertiesConsoleMask) {
            return;
        }
        DevConsole camels = current != null ? current : registry.resolveById(ID);
        if (camels == null || camels instanceof PropertiesConsoleMask) {
            return;
        }
        registry.unregister(camels);
        registry.register(new PropertiesConsoleMask(camels));
    }

    /** Whether a property holds one of the component's secrets: its last name part, in any spelling. */
    static boolean isSecret(String key) {
        String name = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT).replace("-", "");
        return SECRET_NAMES.contains(name);
    }

    private static final Set<String> SECRET_NAMES = Set.of("sharedkey", "secondarysharedkey", "clientsecret",
            "proxypassword", "clientcertificatepassword");

    @Override
    public String getGroup() {
        return camels.getGroup();
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayName() {
        return camels.getDisplayName();
    }

    @Override
    public String getDescription() {
        return camels.getDescription();
    }

    @Override
    public boolean supportMediaType(MediaType mediaType) {
        return camels.supportMediaType(mediaType);
    }

    @Override
    public Object call(MediaType mediaType, Map<String, Object> options) {
        Object answer = camels.call(mediaType, options);
        if (answer instanceof JsonObject json) {
            return masked(json);
        }
        return answer instanceof String text ? masked(text) : answer;
    }

    /** Lines read {@code <location> <key> = <value>}. */
    private static String masked(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            int equals = line.indexOf(" = ");
            if (equals > 0) {
                String head = line.substring(0, equals).strip();
                String key = head.substring(head.lastIndexOf(' ') + 1);
                if (isSecret(key)) {
                    line = line.substring(0, equals) + " = " + MASK;
                }
            }
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static JsonObject masked(JsonObject json) {
        if (json.get("properties") instanceof JsonArray properties) {
            for (Object element : properties) {
                if (element instanceof JsonObject property && property.get("key") instanceof String key
                        && isSecret(key)) {
                    property.put("value", MASK);
                    if (property.containsKey("originalValue")) {
                        property.put("originalValue", MASK);
                    }
                }
            }
        }
        return json;
    }
}
