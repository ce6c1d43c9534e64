package io.github.camelloganalytics.quarkus.deployment;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the Dev Service reads the streams of its data collection rule from configuration.
 */
class DevServiceStreamsTest {

    @Test
    void eachStreamListsItsColumnsAsNameAndType() {
        assertThat(EmulatorDevService.parseStreams(Map.of("Custom-Orders_CL", "TimeGenerated:datetime, total : real")))
                .containsEntry("Custom-Orders_CL", Map.of("TimeGenerated", "datetime", "total", "real"));
    }

    @Test
    void aColumnWithoutItsTypeIsRefusedNamingTheStream() {
        assertThatThrownBy(() -> EmulatorDevService.parseStreams(Map.of("Custom-Orders_CL", "total")))
                .hasMessageContaining("quarkus.camel.loganalytics.devservices.streams.\"Custom-Orders_CL\"")
                .hasMessageContaining("name:type");
    }
}
