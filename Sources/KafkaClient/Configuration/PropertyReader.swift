/// Reads typed values out of a Kafka-style `[String: String]` property map, remembering which keys were used.
struct PropertyReader {
    private let properties: [String: String]
    private(set) var used: Set<String> = []

    init(_ properties: [String: String]) {
        self.properties = properties
    }

    /// The keys that no reader asked for.
    var unusedKeys: [String] { properties.keys.filter { !used.contains($0) }.sorted() }

    mutating func string(_ key: String) -> String? {
        guard let value = properties[key] else { return nil }
        used.insert(key)
        return value.trimmingSpaces()
    }

    mutating func int(_ key: String, range: ClosedRange<Int64> = Int64.min...Int64.max) throws(KafkaClientError)
        -> Int64?
    {
        guard let text = string(key) else { return nil }
        guard let value = Int64(text), range.contains(value) else {
            throw invalid(key, text, "expected an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    mutating func int32(_ key: String, range: ClosedRange<Int32> = Int32.min...Int32.max) throws(KafkaClientError)
        -> Int32?
    {
        try int(key, range: Int64(range.lowerBound)...Int64(range.upperBound)).map { Int32($0) }
    }

    mutating func bool(_ key: String) throws(KafkaClientError) -> Bool? {
        guard let text = string(key) else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw invalid(key, text, "expected true or false")
        }
    }

    mutating func list(_ key: String) -> [String]? {
        string(key).map { $0.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty } }
    }

    func invalid(_ key: String, _ value: String, _ reason: String) -> KafkaClientError {
        KafkaClientError(.configuration, "invalid value '\(value)' for \(key): \(reason)")
    }
}
