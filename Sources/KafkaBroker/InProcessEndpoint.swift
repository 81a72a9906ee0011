import KafkaProtocol
import LogStorage
import Logging
import NIOCore
import NIOConcurrencyHelpers

/// What the broker made of one request handed to it in-process (by the embedded Connect worker), instead of
/// over a socket: the same router, handlers and semantics as a TCP connection.
public enum InProcessOutcome: Sendable {
    /// The response frame: response header and body, without the size prefix.
    case response(ByteBuffer)
    /// No response (Produce with acks=0).
    case none
    /// The response comes later (after an fsync, a long poll…); later requests may be handled meanwhile.
    case deferred(@Sendable () async -> ByteBuffer)
    /// The request was refused the way a connection would be closed.
    case close(String)
}

/// Holds the running broker's router for in-process requests.
final class InProcessEndpoint: Sendable {
    private let router = NIOLockedValueBox<RequestRouter?>(nil)

    func attach(_ router: RequestRouter?) {
        self.router.withLockedValue { $0 = router }
    }

    func handle(frame: ByteBuffer, clientAddress: String, logger: Logger) async -> InProcessOutcome {
        guard let router = router.withLockedValue({ $0 }) else {
            return .close("the embedded broker is not running")
        }
        switch await router.route(frame: frame, clientAddress: clientAddress, logger: logger) {
        case .respond(let chunks):
            return Self.flatten(chunks).map(InProcessOutcome.response) ?? .close("cannot read a log file region")
        case .nothing:
            return .none
        case .close(let reason):
            return .close(reason)
        case .deferred(let finish):
            return .deferred { Self.flatten(await finish()) ?? ByteBuffer() }
        }
    }

    /// The chunks as one buffer, without the leading 4-byte size prefix (file regions read into memory).
    static func flatten(_ chunks: [ResponseChunk]) -> ByteBuffer? {
        var out = ByteBuffer()
        out.reserveCapacity(chunks.reduce(0) { $0 + $1.length })
        for chunk in chunks {
            switch chunk {
            case .bytes(var bytes):
                out.writeBuffer(&bytes)
            case .file(let region):
                // Straight into the response: no intermediate buffer per region.
                guard (try? region.appendBytes(to: &out)) != nil else { return nil }
            }
        }
        guard out.readableBytes >= 4 else { return nil }
        out.moveReaderIndex(forwardBy: 4)
        return out
    }
}
