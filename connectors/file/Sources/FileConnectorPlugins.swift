public import ConnectAPI

/// The plugin of FileTailSource, also selected by Kafka's FileStreamSource names.
public let fileTailSourcePlugin = ConnectorPlugin.source(
    className: "io.tributary.connect.file.FileTailSourceConnector",
    aliases: [
        "FileTailSource",
        "FileStreamSource",
        "FileStreamSourceConnector",
        "org.apache.kafka.connect.file.FileStreamSourceConnector",
    ],
    version: FileConnectorPlugins.version
) { FileTailSourceConnector() }

/// The plugin of FileSink, also selected by Kafka's FileStreamSink names.
public let fileSinkPlugin = ConnectorPlugin.sink(
    className: "io.tributary.connect.file.FileSinkConnector",
    aliases: [
        "FileSink",
        "FileStreamSink",
        "FileStreamSinkConnector",
        "org.apache.kafka.connect.file.FileStreamSinkConnector",
    ],
    version: FileConnectorPlugins.version
) { FileSinkConnector() }

/// Every plugin of the file connector module, for the executable's plugin registry.
public enum FileConnectorPlugins {
    /// The version of both plugins.
    public static let version = "0.1.0"
    /// FileTailSource and FileSink.
    public static let all: [ConnectorPlugin] = [fileTailSourcePlugin, fileSinkPlugin]
}
