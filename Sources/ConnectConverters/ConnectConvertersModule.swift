/// Converters between Connect data and Kafka bytes: JSON (Kafka's JsonConverter envelope), String, ByteArray.
public enum ConnectConvertersModule {}
