/// The file connectors: FileTailSource (tails files with rotation) and FileSink; `FileTailer` is the tailing core.
public enum FileConnectorModule {}
