/// Kafka Connect's REST API over a ``ConnectRuntime/Herder``, served by Hummingbird.
public enum ConnectRESTModule {}
