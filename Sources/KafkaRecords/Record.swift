import NIOCore

/// One record inside a RecordBatch v2, with its deltas relative to the batch.
///
/// Wire form (all integers zig-zag varints): length, attributes (int8), timestampDelta (varlong), offsetDelta,
/// keyLength (-1 = null), key, valueLength (-1 = null), value, headerCount, then each header as keyLength,
/// key, valueLength (-1 = null), value.
public struct Record: Hashable, Sendable {
    /// The record attributes byte; unused by Kafka and normally 0.
    public var attributes: Int8
    /// The record's timestamp minus the batch's baseTimestamp.
    public var timestampDelta: Int64
    /// The record's offset minus the batch's baseOffset.
    public var offsetDelta: Int32
    /// The key; nil is a null key.
    public var key: ByteBuffer?
    /// The value; nil is a null value (a tombstone on compacted topics).
    public var value: ByteBuffer?
    /// The headers, in order.
    public var headers: [RecordHeader]

    /// Creates a record.
    public init(
        attributes: Int8 = 0,
        timestampDelta: Int64 = 0,
        offsetDelta: Int32,
        key: ByteBuffer?,
        value: ByteBuffer?,
        headers: [RecordHeader] = []
    ) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// Bytes of the record body, after its length varint.
    var bodySize: Int {
        var size = 1 + Varint.size(of: timestampDelta) + Varint.size(of: Int64(offsetDelta))
        size += Self.bytesFieldSize(key) + Self.bytesFieldSize(value) + Varint.size(of: headers.count)
        for header in headers {
            size += Varint.size(of: header.key.utf8.count) + header.key.utf8.count + Self.bytesFieldSize(header.value)
        }
        return size
    }

    private static func bytesFieldSize(_ bytes: ByteBuffer?) -> Int {
        guard let bytes else { return 1 }
        return Varint.size(of: bytes.readableBytes) + bytes.readableBytes
    }

    /// Bytes the record occupies on the wire including its length prefix.
    public var encodedSize: Int {
        let body = bodySize
        return Varint.size(of: body) + body
    }

    /// Appends the record's wire form.
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeZigZagVarint(Int64(bodySize))
        buffer.writeInteger(attributes)
        buffer.writeZigZagVarint(timestampDelta)
        buffer.writeZigZagVarint(Int64(offsetDelta))
        Self.writeBytesField(key, into: &buffer)
        Self.writeBytesField(value, into: &buffer)
        buffer.writeZigZagVarint(Int64(headers.count))
        for header in headers {
            buffer.writeZigZagVarint(Int64(header.key.utf8.count))
            buffer.writeString(header.key)
            Self.writeBytesField(header.value, into: &buffer)
        }
    }

    private static func writeBytesField(_ bytes: ByteBuffer?, into buffer: inout ByteBuffer) {
        guard var bytes else {
            buffer.writeZigZagVarint(-1)
            return
        }
        buffer.writeZigZagVarint(Int64(bytes.readableBytes))
        buffer.writeBuffer(&bytes)
    }

    /// Reads one record; key, value and header values are zero-copy slices of `buffer`.
    public static func read(from buffer: inout ByteBuffer) throws(KafkaRecordsError) -> Record {
        let length = try buffer.readZigZagVarint32()
        guard length >= 0 else { throw KafkaRecordsError(.invalidLength, "record length \(length) is negative") }
        guard Int(length) <= buffer.readableBytes else {
            throw KafkaRecordsError(
                .lengthBeyondBuffer, "record length \(length) exceeds the \(buffer.readableBytes) bytes left")
        }
        guard var body = buffer.readSlice(length: Int(length)) else {
            throw KafkaRecordsError(.truncated, "record body")
        }
        guard let attributes = body.readInteger(as: Int8.self) else {
            throw KafkaRecordsError(.truncated, "record ends before its attributes")
        }
        let timestampDelta = try body.readZigZagVarint64()
        let offsetDelta = try body.readZigZagVarint32()
        let key = try readBytesField(from: &body, what: "key")
        let value = try readBytesField(from: &body, what: "value")
        let headerCount = try body.readZigZagVarint32()
        guard headerCount >= 0 else {
            throw KafkaRecordsError(.invalidLength, "record header count \(headerCount) is negative")
        }
        // Each header takes at least two bytes, so a count beyond that cannot be honest: check before reserving.
        guard Int(headerCount) <= body.readableBytes / 2 else {
            throw KafkaRecordsError(.lengthBeyondBuffer, "header count \(headerCount) exceeds the record's bytes")
        }
        var headers: [RecordHeader] = []
        headers.reserveCapacity(Int(headerCount))
        for _ in 0..<headerCount {
            guard let keyBytes = try readBytesField(from: &body, what: "header key") else {
                throw KafkaRecordsError(.invalidLength, "header key is null")
            }
            let headerValue = try readBytesField(from: &body, what: "header value")
            headers.append(RecordHeader(key: String(buffer: keyBytes), value: headerValue))
        }
        guard body.readableBytes == 0 else {
            throw KafkaRecordsError(.trailingBytes, "\(body.readableBytes) bytes left after the record's headers")
        }
        return Record(
            attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key, value: value,
            headers: headers)
    }

    private static func readBytesField(from body: inout ByteBuffer, what: String) throws(KafkaRecordsError)
        -> ByteBuffer?
    {
        let length = try body.readZigZagVarint32()
        if length == -1 { return nil }
        guard length >= 0 else { throw KafkaRecordsError(.invalidLength, "\(what) length \(length) is negative") }
        guard let bytes = body.readSlice(length: Int(length)) else {
            throw KafkaRecordsError(
                .lengthBeyondBuffer, "\(what) length \(length) exceeds the \(body.readableBytes) bytes left")
        }
        return bytes
    }
}
