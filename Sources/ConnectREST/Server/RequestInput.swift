import Hummingbird
import NIOCore

/// Reading what a request carries: percent-decoded path parameters, query flags and a size-limited JSON body.
struct RequestInput {
    /// The largest body accepted.
    let maxBodyBytes: Int

    /// The path parameter `key`, percent-decoded (connector names may hold spaces and other escaped bytes).
    func parameter(_ key: String, _ context: some RequestContext) throws(ConnectRESTError) -> String {
        guard let raw = context.parameters.get(key) else { throw .notFound }
        return Self.percentDecoded(raw)
    }

    /// A task number from the path; a non-number is an unknown path, as in Kafka Connect.
    func taskNumber(_ context: some RequestContext) throws(ConnectRESTError) -> Int {
        guard let raw = context.parameters.get("task"), let task = Int(raw), task >= 0 else { throw .notFound }
        return task
    }

    /// Every value of the query parameter `key`, percent-decoded.
    func queryValues(_ key: String, _ request: Request) -> [String] {
        request.uri.queryParameters[values: key[...]].map { String($0) }
    }

    /// A boolean query flag as JAX-RS reads it: `true` in any case is true, anything else (or absence) is the
    /// default.
    func flag(_ key: String, default defaultValue: Bool, _ request: Request) -> Bool {
        guard let value = queryValues(key, request).first else { return defaultValue }
        return value.lowercased() == "true"
    }

    /// The body as JSON: 415 unless the Content-Type is JSON (or absent), 413 past ``maxBodyBytes``, 400 with
    /// the syntax problem for malformed JSON (Kafka Connect answers 500 for that; a client error is the truth).
    func jsonBody(_ request: Request) async throws -> JSONValue {
        if let contentType = request.headers[.contentType], !Self.isJSON(contentType) {
            throw ConnectRESTError.unsupportedMediaType
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ConnectRESTError(status: 413, message: "Request body exceeds the limit of \(maxBodyBytes) bytes")
        }
        do {
            return try JSONValue(parsing: buffer.readableBytesView)
        } catch {
            throw ConnectRESTError.badRequest("Request body is not valid JSON: \(error)")
        }
    }

    /// Whether a Content-Type names JSON: `application/json` or a `+json` type, parameters ignored.
    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingWhitespace().lowercased()
        } ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    /// `%XX` escapes decoded as UTF-8; a malformed escape is kept literally.
    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters at or below U+0020, as Java's `String.trim()`.
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0.unicodeScalars.allSatisfy { $0.value <= 0x20 } }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
