package io.github.camelloganalytics.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft broker in the test JVM, from Kafka's own test kit.
 */
final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    KafkaBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topic and waits until every partition has a leader, so the first sends do not fail. */
    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Sends one record with the value as it is, acknowledged. */
    void produceRaw(String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends {"recordId": from..to-1, ...} records and waits for every acknowledgement: none may be dropped silently. */
    void produce(String topic, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int id = from; id < to; id++) {
                sent.add(producer.send(new ProducerRecord<>(topic, String.valueOf(id),
                        "{\"recordId\":" + id + ",\"service\":\"checkout\",\"message\":\"order " + id + " placed\"}")));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The offsets the group committed on the topic, summed over its partitions. */
    long committed(String group, String topic) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /** How many partitions each member of the group holds, by its static instance id. */
    /** The partitions of the topic each member of the group holds, by its instance id. */
    Map<String, java.util.Set<Integer>> partitionsHeld(String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(30, TimeUnit.SECONDS);
            Map<String, java.util.Set<Integer>> held = new java.util.TreeMap<>();
            for (MemberDescription member : description.members()) {
                java.util.Set<Integer> partitions = new java.util.TreeSet<>();
                member.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition()));
                held.put(member.groupInstanceId().orElse(member.consumerId()), partitions);
            }
            return held;
        }
    }

    /** The offsets the group committed on some partitions of the topic, summed. */
    long committed(String group, String topic, java.util.Set<Integer> partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && partitions.contains(e.getKey().partition())
                                 && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    Map<String, Integer> assignments(String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            ConsumerGroupDescription description;
            try {
                description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return Map.of();
                }
                throw e;
            }
            Map<String, Integer> partitions = new java.util.TreeMap<>();
            for (MemberDescription member : description.members()) {
                partitions.put(member.groupInstanceId().orElse(member.consumerId()),
                        member.assignment().topicPartitions().size());
            }
            return partitions;
        }
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return config;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
