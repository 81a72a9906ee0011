/// Single message transforms and predicates with Kafka's names and config keys.
public enum ConnectTransformsModule {}
