import KafkaProtocol
import Logging
import NIOCore

/// Maps each API key to its handler, answers ApiVersions from what is registered, and frames responses.
public struct RequestRouter: Sendable {
    private var handlers: [ApiKey: AnyRequestHandler] = [:]

    /// An empty router (ApiVersions is always served).
    public init() {}

    /// Registers a handler for its API.
    public mutating func register<Handler: RequestHandler>(_ handler: Handler) {
        let erased = AnyRequestHandler(handler)
        precondition(
            erased.advertisedVersions.lowerBound >= 0 && erased.advertisedVersions.upperBound <= erased.codecVersions.upperBound,
            "\(erased.apiKey) advertises versions its codec cannot encode")
        handlers[erased.apiKey] = erased
    }

    /// The advertised APIs, as ApiVersions lists them (ApiVersions itself included).
    public var apiVersions: [ApiVersionsResponse.ApiVersion] {
        var list = handlers.values.map {
            ApiVersionsResponse.ApiVersion(
                apiKey: $0.apiKey.rawValue, minVersion: $0.advertisedVersions.lowerBound,
                maxVersion: $0.advertisedVersions.upperBound)
        }
        list.append(.init(apiKey: ApiKey.apiVersions.rawValue, minVersion: 0, maxVersion: 4))
        return list.sorted { $0.apiKey < $1.apiKey }
    }

    /// The result of routing one frame: chunks to send (header included) or a reason to close.
    public enum Routed: Sendable {
        case respond([ResponseChunk])
        case nothing
        case close(String)
        /// The response (framed) comes when the closure returns; later requests may be handled meanwhile.
        case deferred(@Sendable () async -> [ResponseChunk])
    }

    /// Decodes the request in `frame`, runs its handler and frames the response.
    public func route(frame: ByteBuffer, clientAddress: String, logger: Logger) async -> Routed {
        var body = frame
        let header: RequestHeader
        do {
            header = try RequestHeader.read(from: &body)
        } catch {
            return .close("malformed request header: \(error)")
        }
        var logger = logger
        logger[metadataKey: "kafka.api_key"] = "\(header.apiKey)"
        logger[metadataKey: "kafka.api_version"] = "\(header.apiVersion)"
        logger[metadataKey: "kafka.correlation_id"] = "\(header.correlationId)"
        let context = RequestContext(header: header, clientAddress: clientAddress, logger: logger)

        if header.apiKey == .apiVersions { return apiVersionsResponse(header: header, body: body) }
        guard let handler = handlers[header.apiKey] else {
            return .close("unsupported API key \(header.apiKey.rawValue) from \(header.clientId ?? "?")")
        }
        guard handler.advertisedVersions.contains(header.apiVersion) || handler.codecVersions.contains(header.apiVersion)
        else {
            return .close("\(header.apiKey) v\(header.apiVersion) is not supported (advertised \(handler.advertisedVersions))")
        }
        if handler.isFlexible(header.apiVersion) {
            do {
                try RequestHeader.skipFlexibleTags(from: &body)
            } catch {
                return .close("malformed request header tags: \(error)")
            }
        }
        let outcome: HandlerOutcome
        do {
            outcome = try await handler.run(body, header.apiVersion, context)
        } catch {
            let hex = frame.readableBytesView.prefix(64).map { String($0, radix: 16) }.joined(separator: " ")
            return .close("malformed \(header.apiKey) v\(header.apiVersion) request: \(error) (frame starts: \(hex))")
        }
        switch outcome {
        case .noResponse:
            return .nothing
        case .closeConnection(let reason):
            return .close(reason)
        case .body(let chunks):
            return .respond(
                Self.frame(correlationId: header.correlationId, flexibleHeader: handler.responseIsFlexible(header.apiVersion), body: chunks))
        case .deferredBody(let finish):
            let correlationId = header.correlationId
            let flexible = handler.responseIsFlexible(header.apiVersion)
            return .deferred { Self.frame(correlationId: correlationId, flexibleHeader: flexible, body: await finish()) }
        }
    }

    private func apiVersionsResponse(header: RequestHeader, body: ByteBuffer) -> Routed {
        let version = header.apiVersion
        guard ApiVersionsRequest.versions.contains(version) else {
            // Kafka answers an unknown ApiVersions version with UNSUPPORTED_VERSION in the v0 layout.
            let response = ApiVersionsResponse(errorCode: .unsupportedVersion, apiKeys: apiVersions)
            return .respond(Self.frame(correlationId: header.correlationId, flexibleHeader: false, body: [.bytes(response.encoded(version: 0))]))
        }
        var body = body
        if ApiVersionsRequest.isFlexible(version) {
            do {
                try RequestHeader.skipFlexibleTags(from: &body)
                _ = try ApiVersionsRequest.decode(body, version: version)
            } catch {
                let response = ApiVersionsResponse(errorCode: .invalidRequest, apiKeys: apiVersions)
                return .respond(Self.frame(correlationId: header.correlationId, flexibleHeader: false, body: [.bytes(response.encoded(version: version))]))
            }
        }
        let response = ApiVersionsResponse(apiKeys: apiVersions)
        // ApiVersions responses always use response header v0.
        return .respond(Self.frame(correlationId: header.correlationId, flexibleHeader: false, body: [.bytes(response.encoded(version: version))]))
    }

    /// Size prefix + response header + body.
    static func frame(correlationId: Int32, flexibleHeader: Bool, body: [ResponseChunk]) -> [ResponseChunk] {
        let bodyLength = body.reduce(0) { $0 + $1.length }
        var head = ByteBuffer()
        head.writeInteger(Int32(4 + (flexibleHeader ? 1 : 0) + bodyLength))
        ResponseHeader(correlationId: correlationId).write(into: &head, flexible: flexibleHeader)
        var chunks: [ResponseChunk] = []
        chunks.reserveCapacity(body.count + 1)
        // Merge leading byte chunks into the header write.
        var rest = body[...]
        while case .bytes(var bytes)? = rest.first {
            head.writeBuffer(&bytes)
            rest = rest.dropFirst()
        }
        chunks.append(.bytes(head))
        chunks.append(contentsOf: rest)
        return chunks
    }
}
