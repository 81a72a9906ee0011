public import ConnectAPI

/// The SQLite sink plugin: `io.tributary.connect.sqlite.SQLiteSinkConnector`, also selected as `SQLiteSink` and
/// by Confluent's JDBC sink class name, so JDBC sink configs pointing at `jdbc:sqlite:` run unchanged.
public let sqliteSinkPlugin = ConnectorPlugin.sink(
    className: "io.tributary.connect.sqlite.SQLiteSinkConnector",
    aliases: ["SQLiteSink", "io.confluent.connect.jdbc.JdbcSinkConnector", "JdbcSinkConnector", "JdbcSink"],
    version: SQLiteConnectorPlugins.version
) { SQLiteSinkConnector() }

/// The plugins of the SQLite connector module, for the executable's plugin registry.
public enum SQLiteConnectorPlugins {
    /// The plugin version.
    public static let version = "0.1.0"
    /// SQLiteSink.
    public static let all: [ConnectorPlugin] = [sqliteSinkPlugin]
}
