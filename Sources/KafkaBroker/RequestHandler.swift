import KafkaProtocol
import Logging
import NIOCore

/// Serves one API: decodes the request body of any version it supports and encodes its response.
public protocol RequestHandler: Sendable {
    associatedtype Request: KafkaMessage
    associatedtype Response: KafkaMessage

    /// The versions advertised in ApiVersions (must be fully served).
    var advertisedVersions: ClosedRange<Int16> { get }

    /// Handles a decoded request.
    func handle(_ request: Request, version: Int16, context: RequestContext) async -> HandlerResponse<Response>
}

/// A handler's answer.
public enum HandlerResponse<Response: KafkaMessage>: Sendable {
    /// Encode and send this response.
    case response(Response)
    /// Send these pre-encoded chunks (zero-copy Fetch).
    case chunks([ResponseChunk])
    /// Send nothing (acks=0).
    case none
    /// The request's effect is done (e.g. appended), and the answer comes when `finish` returns (e.g. after the
    /// fsync). The connection goes on with its next request meanwhile; answers still leave in request order.
    case deferred(@Sendable () async -> Response)
}

/// A handler with its types erased, as the router stores it.
struct AnyRequestHandler: Sendable {
    let apiKey: ApiKey
    let advertisedVersions: ClosedRange<Int16>
    let codecVersions: ClosedRange<Int16>
    let isFlexible: @Sendable (Int16) -> Bool
    let responseIsFlexible: @Sendable (Int16) -> Bool
    let run: @Sendable (ByteBuffer, Int16, RequestContext) async throws -> HandlerOutcome

    init<Handler: RequestHandler>(_ handler: Handler) {
        apiKey = Handler.Request.apiKey
        advertisedVersions = handler.advertisedVersions
        codecVersions = Handler.Request.versions
        isFlexible = { Handler.Request.isFlexible($0) }
        responseIsFlexible = { Handler.Response.isFlexible($0) }
        run = { body, version, context in
            let (request, leftover) = try Handler.Request.decodeLeniently(body, version: version)
            if leftover > 0 {
                context.logger.debug("ignoring bytes after the request body", metadata: ["bytes": "\(leftover)"])
            }
            switch await handler.handle(request, version: version, context: context) {
            case .none: return .noResponse
            case .chunks(let chunks): return .body(chunks)
            case .response(let response): return .body([.bytes(response.encoded(version: version))])
            case .deferred(let finish):
                return .deferredBody { [.bytes(await finish().encoded(version: version))] }
            }
        }
    }
}
