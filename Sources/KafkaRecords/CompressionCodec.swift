/// The compression codec of a record batch: bits 0–2 of its attributes.
public enum CompressionCodec: Int16, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4

    /// Kafka's name for the codec, as in `compression.type`.
    public var name: String {
        switch self {
        case .none: "none"
        case .gzip: "gzip"
        case .snappy: "snappy"
        case .lz4: "lz4"
        case .zstd: "zstd"
        }
    }

    /// Parses Kafka's `compression.type` names.
    public init?(name: String) {
        guard let codec = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = codec
    }

    public var description: String { name }
}
