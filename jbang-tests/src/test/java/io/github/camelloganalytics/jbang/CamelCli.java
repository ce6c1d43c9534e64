package io.github.camelloganalytics.jbang;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/**
 * Camel JBang's command line without JBang: {@code camel run ...} as {@code java CamelCli run ...}.
 */
public final class CamelCli {

    private CamelCli() {
    }

    public static void main(String[] args) {
        CamelJBangMain.run(args);
    }
}
