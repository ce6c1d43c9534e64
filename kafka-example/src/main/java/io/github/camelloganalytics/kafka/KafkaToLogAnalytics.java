package io.github.camelloganalytics.kafka;

import org.apache.camel.main.Main;

/**
 * The application: one instance of a consumer group that ships a topic to Log Analytics. Run as many as the topic has
 * partitions to scale out. {@code route.dsl=yaml} runs the same route written in YAML.
 */
public final class KafkaToLogAnalytics {

    private KafkaToLogAnalytics() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        if ("yaml".equals(System.getProperty("route.dsl"))) {
            main.configure().withRoutesIncludePattern("classpath:routes/kafka-to-loganalytics.camel.yaml");
        } else {
            main.configure().addRoutesBuilder(new KafkaToLogAnalyticsRoute());
        }
        main.run(args);
    }
}
