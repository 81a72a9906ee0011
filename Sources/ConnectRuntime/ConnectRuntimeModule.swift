/// The Connect worker: herder, task runners, offset/config/status stores on compacted topics, error handling.
public enum ConnectRuntimeModule {}
