/// Describes one connector plugin and makes instances of it; the executable registers every plugin in one
/// list, with no reflection or dynamic loading (the replacement for Kafka's `plugin.path` scanning).
///
/// `connector.class` may name the plugin by ``className``, by any of ``aliases``, or, as in Kafka, by the
/// simple class name with or without a `Connector` suffix (see ``matches(_:)``).
///
/// ```swift
/// public let fileTailSourcePlugin = ConnectorPlugin.source(
///     className: "io.tributary.connect.file.FileTailSource",
///     aliases: ["FileStreamSource"],
///     version: "0.1.0"
/// ) { FileTailSourceConnector() }
/// ```
public struct ConnectorPlugin: Sendable, CustomStringConvertible {
    /// The fully qualified class name, e.g. `io.tributary.connect.file.FileTailSource`.
    public let className: String
    /// Extra names accepted in `connector.class`.
    public let aliases: [String]
    /// Source or sink.
    public let type: ConnectorType
    /// The plugin version, as in `GET /connector-plugins`.
    public let version: String
    private let factory: @Sendable () -> ConnectorInstance

    /// Describes a source connector plugin.
    public static func source(
        className: String,
        aliases: [String] = [],
        version: String,
        make: @escaping @Sendable () -> any SourceConnector
    ) -> ConnectorPlugin {
        ConnectorPlugin(className: className, aliases: aliases, type: .source, version: version) { .source(make()) }
    }

    /// Describes a sink connector plugin.
    public static func sink(
        className: String,
        aliases: [String] = [],
        version: String,
        make: @escaping @Sendable () -> any SinkConnector
    ) -> ConnectorPlugin {
        ConnectorPlugin(className: className, aliases: aliases, type: .sink, version: version) { .sink(make()) }
    }

    private init(
        className: String,
        aliases: [String],
        type: ConnectorType,
        version: String,
        factory: @escaping @Sendable () -> ConnectorInstance
    ) {
        self.className = className
        self.aliases = aliases
        self.type = type
        self.version = version
        self.factory = factory
    }

    /// A new, unstarted connector.
    public func makeConnector() -> ConnectorInstance { factory() }

    /// The plugin's configuration keys, read from a fresh connector (for `GET /connector-plugins/{p}/config`).
    public var configDefinition: ConfigDefinition { makeConnector().connector.config }

    /// The simple class name (after the last `.`).
    public var simpleName: String {
        className.split(separator: ".").last.map(String.init) ?? className
    }

    /// Every name that selects this plugin: the class name, the explicit aliases, the simple name and,
    /// when it ends in `Connector`, the simple name without that suffix.
    public var acceptedNames: [String] {
        var names = [className] + aliases + [simpleName]
        if simpleName.hasSuffix("Connector") && simpleName.count > "Connector".count {
            names.append(String(simpleName.dropLast("Connector".count)))
        }
        var unique: [String] = []
        for name in names where !unique.contains(name) {
            unique.append(name)
        }
        return unique
    }

    /// Whether a `connector.class` value names this plugin.
    public func matches(_ name: String) -> Bool {
        acceptedNames.contains(name)
    }

    /// The plugin's entry in `GET /connector-plugins`: `{"class":…,"type":"source","version":…}`.
    public var info: PluginInfo { PluginInfo(className: className, type: type.rawValue, version: version) }

    public var description: String { "ConnectorPlugin{class=\(className), type=\(type), version=\(version)}" }
}
