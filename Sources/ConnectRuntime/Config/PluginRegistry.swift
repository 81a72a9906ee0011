public import ConnectAPI
import ConnectTransforms

/// The connector plugins this binary was built with (registered by the executable, no class-path scanning),
/// plus the converters, transformations and predicates the runtime provides.
public struct PluginRegistry: Sendable {
    /// The connector plugins.
    public let connectors: [ConnectorPlugin]

    /// Creates a registry of connector plugins.
    public init(connectors: [ConnectorPlugin]) {
        self.connectors = connectors
    }

    /// The plugin a `connector.class` value names, if any.
    public func plugin(named name: String) -> ConnectorPlugin? {
        connectors.first { $0.matches(name) }
    }

    /// Kafka's message for a class that names no plugin.
    func unknownClassMessage(_ name: String) -> String {
        "Failed to find any class that implements Connector and which name matches \(name), available connectors are: "
            + connectors.sorted { $0.className < $1.className }.map {
                "PluginDesc{klass=class \($0.className), name='\($0.className)', version='\($0.version)', "
                    + "encodedVersion=\($0.version), type=\($0.type), typeName='\($0.type)', location='builtin'}"
            }.joined(separator: ", ")
    }

    /// `GET /connector-plugins`, sorted by class name; with `connectorsOnly` false, every other plugin kind too.
    func infos(connectorsOnly: Bool) -> [PluginInfo] {
        var result = connectors.map(\.info)
        if !connectorsOnly {
            result += ConverterFactory.plugins
            result.append(PluginInfo(
                className: "org.apache.kafka.connect.storage.SimpleHeaderConverter", type: "header_converter",
                version: ConverterFactory.version))
            let registry = TransformRegistry.standard
            let transformNames = registry.transformations.keys.filter { $0.contains(".") }
            result += transformNames.map { PluginInfo(className: $0, type: "transformation", version: ConverterFactory.version) }
            let predicateNames = registry.predicates.keys.filter { $0.contains(".") }
            result += predicateNames.map { PluginInfo(className: $0, type: "predicate", version: ConverterFactory.version) }
        }
        return result.sorted { ($0.type, $0.className) < ($1.type, $1.className) }
    }
}
