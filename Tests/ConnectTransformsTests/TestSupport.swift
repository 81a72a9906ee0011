import ConnectAPI
@testable import ConnectTransforms
import Testing

func sink(
    topic: String = "test", partition: Int32 = 0, keySchema: Schema? = nil, key: ConnectValue = .null,
    valueSchema: Schema? = nil, value: ConnectValue, offset: Int64 = 42, timestamp: Int64? = nil,
    headers: ConnectHeaders = ConnectHeaders()
) -> SinkRecord {
    SinkRecord(topic: topic, kafkaPartition: partition, keySchema: keySchema, key: key, valueSchema: valueSchema,
               value: value, kafkaOffset: offset, timestamp: timestamp, headers: headers)
}

func source(
    topic: String = "test", partition: Int32? = 0, keySchema: Schema? = nil, key: ConnectValue = .null,
    valueSchema: Schema? = nil, value: ConnectValue, timestamp: Int64? = nil, headers: ConnectHeaders = ConnectHeaders()
) -> SourceRecord {
    SourceRecord(sourcePartition: nil, sourceOffset: nil, topic: topic, kafkaPartition: partition, keySchema: keySchema,
                 key: key, valueSchema: valueSchema, value: value, timestamp: timestamp, headers: headers)
}

/// A string-keyed map value keeping the given order.
func map(_ pairs: KeyValuePairs<String, ConnectValue>) -> ConnectValue {
    .map(pairs.map { ConnectValue.MapEntry(key: .string($0.key), value: $0.value) })
}

func configured<T: Transformation>(_ t: T, _ configs: [String: String]) throws -> T {
    var copy = t
    try copy.configure(configs)
    return copy
}

func configured<P: Predicate>(_ p: P, _ configs: [String: String]) throws -> P {
    var copy = p
    try copy.configure(configs)
    return copy
}

/// The error message thrown by `body`, or nil when it does not throw a ConnectError.
func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as ConnectError {
        return error.message
    } catch {
        return "non-connect error: \(error)"
    }
}
