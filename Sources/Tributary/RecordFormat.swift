import KafkaRecords
import NIOCore

/// A kcat-style output format: `%k` key, `%v` value, `%o` offset, `%p` partition, `%t` topic, `%T` timestamp,
/// `%K`/`%S` key/value length (-1 for null), `%h` headers (k=v,…), `%%`; escapes `\n`, `\t`, `\r`, `\\`.
/// A newline is added after each record unless the format ends with one.
struct RecordFormat: Sendable {
    /// One piece of the format.
    enum Token: Sendable, Equatable {
        case literal([UInt8])
        case key, value, offset, partition, topic, timestamp, keyLength, valueLength, headers
    }

    let tokens: [Token]

    /// Parses `format`; throws on an unknown `%` directive.
    init(_ format: String) throws {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var bytes = Array(format.utf8)[...]
        func flushLiteral() {
            if !literal.isEmpty { tokens.append(.literal(literal)) }
            literal = []
        }
        while let byte = bytes.popFirst() {
            switch byte {
            case UInt8(ascii: "\\"):
                switch bytes.popFirst() {
                case UInt8(ascii: "n"): literal.append(10)
                case UInt8(ascii: "t"): literal.append(9)
                case UInt8(ascii: "r"): literal.append(13)
                case UInt8(ascii: "\\"): literal.append(UInt8(ascii: "\\"))
                case let other?: literal.append(contentsOf: [UInt8(ascii: "\\"), other])
                case nil: literal.append(UInt8(ascii: "\\"))
                }
            case UInt8(ascii: "%"):
                let directive = bytes.popFirst()
                if directive == UInt8(ascii: "%") {
                    literal.append(UInt8(ascii: "%"))
                    continue
                }
                let token: Token
                switch directive.map({ Character(UnicodeScalar($0)) }) {
                case "k": token = .key
                case "v", "s": token = .value
                case "o": token = .offset
                case "p": token = .partition
                case "t": token = .topic
                case "T": token = .timestamp
                case "K": token = .keyLength
                case "S": token = .valueLength
                case "h": token = .headers
                default:
                    throw CommandFailure(
                        "unknown format directive '%\(directive.map { String(UnicodeScalar($0)) } ?? "")'"
                    )
                }
                flushLiteral()
                tokens.append(token)
            default:
                literal.append(byte)
            }
        }
        if literal.last != 10 { literal.append(10) }
        flushLiteral()
        self.tokens = tokens
    }

    /// Appends one record, formatted, to `output`.
    func write(
        _ record: Record,
        offset: Int64,
        timestamp: Int64,
        partition: Int32,
        topic: String,
        into output: inout StandardOutputBuffer
    ) {
        for token in tokens {
            switch token {
            case .literal(let bytes): output.append(bytes)
            case .key: if let key = record.key { output.append(key.readableBytesView) }
            case .value: if let value = record.value { output.append(value.readableBytesView) }
            case .offset: output.append(String(offset))
            case .partition: output.append(String(partition))
            case .topic: output.append(topic)
            case .timestamp: output.append(String(timestamp))
            case .keyLength: output.append(String(record.key?.readableBytes ?? -1))
            case .valueLength: output.append(String(record.value?.readableBytes ?? -1))
            case .headers:
                for (index, header) in record.headers.enumerated() {
                    if index > 0 { output.append(",") }
                    output.append(header.key + "=")
                    if let value = header.value { output.append(value.readableBytesView) }
                }
            }
        }
    }
}
