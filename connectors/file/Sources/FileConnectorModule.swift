/// The file connectors: FileTailSource (tails files with rotation) and FileSink.
public enum FileConnectorModule {}
