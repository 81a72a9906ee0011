public import ConnectAPI

/// The plugin of the PostgreSQL source, also selected by Debezium's class name.
public let postgresSourcePlugin = ConnectorPlugin.source(
    className: "io.tributary.connect.postgres.PostgresSourceConnector",
    aliases: ["PostgresSource", "io.debezium.connector.postgresql.PostgresConnector", "PostgresConnector"],
    version: PostgresConnectorPlugins.version
) { PostgresSourceConnector() }

/// Every plugin of the PostgreSQL connector module, for the executable's plugin registry.
public enum PostgresConnectorPlugins {
    /// The version of the plugin (also `source.version` in events).
    public static let version = "0.1.0"
    /// PostgresSource.
    public static let all: [ConnectorPlugin] = [postgresSourcePlugin]
}
