import ConnectAPI
import ConnectConverters
import NIOCore

/// The JSON forms of the offsets topic: key `["<connector>",{partition}]`, value `{offset}` (Kafka Connect's
/// internal JsonConverter with schemas disabled). Map keys are written sorted so equal partitions give equal keys.
enum OffsetJSON {
    /// A partition or offset map as a JSON object, keys sorted.
    static func node(_ map: [String: OffsetValue]) -> JSONNode {
        .object(map.keys.sorted().map { JSONNode.Member($0, node(map[$0] ?? .null)) })
    }

    /// One offset value as JSON.
    static func node(_ value: OffsetValue) -> JSONNode {
        switch value {
        case .null: .null
        case .boolean(let v): .bool(v)
        case .int(let v): .int(v)
        case .double(let v): .double(v)
        case .string(let v): .string(v)
        }
    }

    /// The key of a connector's partition.
    static func key(connector: String, partition: SourcePartition) -> ByteBuffer {
        ByteBuffer(bytes: JSONWriter.write(.array([.string(connector), node(partition)])))
    }

    /// The value of an offset.
    static func value(_ offset: SourceOffset) -> ByteBuffer {
        ByteBuffer(bytes: JSONWriter.write(node(offset)))
    }

    /// A JSON object of primitives as an offset map; `nil` when it is not one.
    static func map(_ node: JSONNode) -> [String: OffsetValue]? {
        guard case .object(let members) = node else { return nil }
        var result: [String: OffsetValue] = [:]
        for member in members {
            guard let value = offsetValue(member.value) else { return nil }
            result[member.name] = value
        }
        return result
    }

    /// A JSON primitive as an offset value.
    static func offsetValue(_ node: JSONNode) -> OffsetValue? {
        switch node {
        case .null: .null
        case .bool(let v): .boolean(v)
        case .int(let v): .int(v)
        case .double(let v): .double(v)
        case .float(let v): .double(Double(v))
        case .decimal(let text): Double(text).map(OffsetValue.double)
        case .bigInteger(let text): Double(text).map(OffsetValue.double)
        case .string(let v): .string(v)
        default: nil
        }
    }

    /// Parses a key; `nil` (skipped, as Kafka's `OffsetUtils.processPartitionKey` does) when it is not
    /// `[string, object]`.
    static func parseKey(_ bytes: ByteBuffer) -> (connector: String, partition: SourcePartition)? {
        guard let node = try? JSONParser.parse(bytes.readableBytesView),
            case .array(let items) = node, items.count == 2,
            case .string(let connector) = items[0],
            let partition = map(items[1])
        else { return nil }
        return (connector, partition)
    }

    /// Parses a value; `nil` when it is not an object of primitives.
    static func parseValue(_ bytes: ByteBuffer) -> SourceOffset? {
        guard let node = try? JSONParser.parse(bytes.readableBytesView) else { return nil }
        return map(node)
    }
}
