import ConnectAPI
import ConnectRuntime

extension OffsetValue {
    /// The value as a JSON primitive: integers as integers, doubles with a fraction or exponent.
    var json: JSONValue {
        switch self {
        case .null: .null
        case .boolean(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        }
    }

    /// A JSON primitive as an offset value: a number without fraction or exponent that fits 64 bits is an
    /// integer, any other number a double; `nil` for arrays and objects, which Kafka refuses in offsets.
    init?(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .boolean(value)
        case .string(let value): self = .string(value)
        case .number(let text):
            if let integer = Int64(text) {
                self = .int(integer)
            } else if let double = Double(text), double.isFinite {
                self = .double(double)
            } else {
                return nil
            }
        case .array, .object: return nil
        }
    }
}

extension ConnectorOffsets: JSONRepresentable {
    /// `{"offsets":[{"partition":{…},"offset":{…}}]}` with map keys sorted.
    var json: JSONValue {
        .object([
            (
                "offsets",
                .array(
                    offsets.map { entry in
                        .object([
                            ("partition", Self.json(entry.partition)),
                            ("offset", entry.offset.map(Self.json) ?? .null),
                        ])
                    }
                )
            )
        ])
    }

    private static func json(_ map: [String: OffsetValue]) -> JSONValue {
        .object(map.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
    }

    /// Parses a `PATCH /connectors/{name}/offsets` body; an `offset` of null (or absent) resets the partition.
    init(json body: JSONValue) throws(ConnectRESTError) {
        guard case .object = body else {
            throw .badRequest("The request body must be a JSON object with an 'offsets' array, not \(body.kindName)")
        }
        guard let list = body["offsets"], case .array(let elements) = list else {
            throw .badRequest("The request body must have an 'offsets' array listing the offsets to alter")
        }
        var entries: [Entry] = []
        for (index, element) in elements.enumerated() {
            guard case .object = element else {
                throw .badRequest("offsets[\(index)] must be an object with 'partition' and 'offset'")
            }
            guard let partitionJSON = element["partition"], case .object = partitionJSON else {
                throw .badRequest("offsets[\(index)].partition must be an object (the source or Kafka partition)")
            }
            let partition = try Self.map(partitionJSON, at: "offsets[\(index)].partition")
            var offset: [String: OffsetValue]?
            switch element["offset"] {
            case nil, .null?: offset = nil
            case .object?: offset = try Self.map(element["offset"] ?? .null, at: "offsets[\(index)].offset")
            case let other?:
                throw .badRequest("offsets[\(index)].offset must be an object or null, not \(other.kindName)")
            }
            entries.append(Entry(partition: partition, offset: offset))
        }
        self.init(offsets: entries)
    }

    private static func map(_ json: JSONValue, at path: String) throws(ConnectRESTError) -> [String: OffsetValue] {
        guard case .object(let members) = json else { return [:] }
        var result: [String: OffsetValue] = [:]
        for (key, value) in members {
            guard let offsetValue = OffsetValue(json: value) else {
                throw .badRequest(
                    "\(path).\(key) must be null, a boolean, a number or a string, not \(value.kindName)"
                )
            }
            result[key] = offsetValue
        }
        return result
    }
}
