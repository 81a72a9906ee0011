/// Whether a plugin is a source or a sink connector; the raw value is the `type` of `GET /connector-plugins`.
public enum ConnectorType: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// A ``SourceConnector``.
    case source
    /// A ``SinkConnector``.
    case sink

    public var description: String { rawValue }
}

/// A fresh connector made by a ``ConnectorPlugin``, typed by kind.
public enum ConnectorInstance: Sendable {
    /// A source connector.
    case source(any SourceConnector)
    /// A sink connector.
    case sink(any SinkConnector)

    /// The connector, whichever kind.
    public var connector: any Connector {
        switch self {
        case .source(let connector): connector
        case .sink(let connector): connector
        }
    }

    /// The kind.
    public var type: ConnectorType {
        switch self {
        case .source: .source
        case .sink: .sink
        }
    }
}
