/// The native async Kafka client: producer, consumer, group membership and admin over the shared codec.
public enum KafkaClientModule {}
