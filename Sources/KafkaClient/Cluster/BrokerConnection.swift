import KafkaProtocol
import KafkaRecords
import NIOCore
import NIOPosix
import Synchronization

/// One negotiated connection to a broker: fresh correlation ids, the highest API versions both sides speak, and a
/// timeout per request (after which the connection is closed, as Kafka's clients do).
final class BrokerConnection: Sendable {
    /// The broker's address.
    let address: BrokerAddress
    /// The client id sent in every request header.
    let clientId: String
    private let transport: any KafkaTransport
    /// The version ranges the broker advertised, by API key.
    let brokerVersions: [Int16: ClosedRange<Int16>]
    private let nextCorrelationId: Mutex<Int32>

    private init(
        address: BrokerAddress,
        clientId: String,
        transport: any KafkaTransport,
        brokerVersions: [Int16: ClosedRange<Int16>],
        nextCorrelationId: Int32
    ) {
        self.address = address
        self.clientId = clientId
        self.transport = transport
        self.brokerVersions = brokerVersions
        self.nextCorrelationId = Mutex(nextCorrelationId)
    }

    /// Whether the connection can still carry requests.
    var isActive: Bool { transport.isActive }

    /// Connects with `factory` and negotiates API versions.
    static func open(
        to address: BrokerAddress,
        factory: any KafkaTransportFactory,
        options: KafkaTransportOptions,
        clientId: String,
        requestTimeoutMs: Int64
    ) async throws -> BrokerConnection {
        let transport = try await factory.connect(to: address, options: options)
        do {
            let (versions, next) = try await negotiateVersions(
                transport: transport,
                address: address,
                clientId: clientId,
                timeoutMs: requestTimeoutMs
            )
            return BrokerConnection(
                address: address,
                clientId: clientId,
                transport: transport,
                brokerVersions: versions,
                nextCorrelationId: next
            )
        } catch {
            await transport.close()
            throw error
        }
    }

    /// Closes the connection.
    func close() async { await transport.close() }

    /// The version to use for `Request`/`Response`: the highest the broker and both codecs speak.
    func version<Request: KafkaMessage, Response: KafkaMessage>(
        _ request: Request.Type,
        _ response: Response.Type
    ) throws(KafkaClientError) -> Int16 {
        let api = Request.apiKey
        guard let advertised = brokerVersions[api.rawValue] else {
            throw KafkaClientError(
                .unsupported,
                "the broker does not support \(api.name)",
                broker: address.description,
                api: api
            )
        }
        let low = max(Request.versions.lowerBound, Response.versions.lowerBound, advertised.lowerBound)
        let high = min(Request.versions.upperBound, Response.versions.upperBound, advertised.upperBound)
        guard low <= high else {
            throw KafkaClientError(
                .unsupported,
                "no common version: the broker speaks v\(advertised.lowerBound)-v\(advertised.upperBound)",
                broker: address.description,
                api: api
            )
        }
        return high
    }

    /// Whether the broker advertises `api`.
    func supports(_ api: ApiKey) -> Bool { brokerVersions[api.rawValue] != nil }

    /// Queues `request` behind every request queued before it; await the returned request for the response.
    func enqueue<Request: KafkaMessage, Response: KafkaMessage>(
        _ request: Request,
        version requestedVersion: Int16? = nil,
        as response: Response.Type,
        timeoutMs: Int64
    ) throws(KafkaClientError) -> InFlightRequest<Response> {
        let version: Int16
        if let requested = requestedVersion {
            version = requested
        } else {
            version = try self.version(Request.self, Response.self)
        }
        let promise = KafkaResponsePromise()
        let correlationId = write(request, version: version, response: promise)
        let flexibleHeader = Response.apiKey != .apiVersions && Response.isFlexible(version)
        let timer = Self.timerLoop.scheduleTask(in: .milliseconds(timeoutMs)) { [transport, address] in
            guard !promise.isCompleted else { return }
            promise.fail(
                KafkaClientError(
                    .timeout,
                    "no response within \(timeoutMs) ms",
                    broker: address.description,
                    api: Request.apiKey
                )
            )
            Task { await transport.close() }
        }
        return InFlightRequest(
            promise: promise,
            timer: timer,
            correlationId: correlationId,
            version: version,
            flexibleHeader: flexibleHeader,
            broker: address.description
        )
    }

    /// Sends `request` and decodes its response.
    func send<Request: KafkaMessage, Response: KafkaMessage>(
        _ request: Request,
        version: Int16? = nil,
        as response: Response.Type,
        timeoutMs: Int64
    ) async throws(KafkaClientError) -> Response {
        try await enqueue(request, version: version, as: response, timeoutMs: timeoutMs).response()
    }

    /// Sends a request the broker does not answer (Produce with acks=0).
    func sendWithoutResponse<Request: KafkaMessage>(_ request: Request, version: Int16) {
        _ = write(request, version: version, response: nil)
    }

    /// Encodes header and body and hands the frame to the transport, allocating the correlation id under the same
    /// lock so ids and wire order agree.
    private func write<Request: KafkaMessage>(
        _ request: Request,
        version: Int16,
        response: KafkaResponsePromise?
    ) -> Int32 {
        var frame = Self.frame(request, version: version, clientId: clientId)
        return nextCorrelationId.withLock { next in
            let correlationId = next
            next = next == Int32.max ? 0 : next + 1
            frame.setInteger(correlationId, at: frame.readerIndex + RequestHeader.correlationIdOffset)
            transport.send(frame, response: response)
            return correlationId
        }
    }

    /// A request frame with correlation id 0: header (v2 with tags for flexible versions, else v1) and body,
    /// encoded into one buffer reserved at the body's size hint (a Produce request's records are copied once).
    static func frame<Request: KafkaMessage>(_ request: Request, version: Int16, clientId: String) -> ByteBuffer {
        let capacity = 16 + clientId.utf8.count + request.encodedSizeHint(version: version)
        var writer = WireWriter(ByteBufferAllocator.reusingLargeBlocks.buffer(capacity: capacity),
                                flexible: Request.isFlexible(version))
        RequestHeader(apiKey: Request.apiKey, apiVersion: version, correlationId: 0, clientId: clientId)
            .write(into: &writer.buffer, flexible: Request.isFlexible(version))
        request.encode(into: &writer, version: version)
        return writer.buffer
    }

    /// The event loop that runs request timers (whatever the transport).
    static let timerLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
}

/// A request written to a broker whose response has not been read yet.
struct InFlightRequest<Response: KafkaMessage>: Sendable {
    fileprivate let promise: KafkaResponsePromise
    fileprivate let timer: Scheduled<Void>
    let correlationId: Int32
    let version: Int16
    fileprivate let flexibleHeader: Bool
    let broker: String

    /// Waits for the response and decodes it.
    func response() async throws(KafkaClientError) -> Response {
        let api = Response.apiKey
        var frame: ByteBuffer
        do {
            frame = try await promise.wait()
        } catch let error as KafkaClientError {
            timer.cancel()
            var error = error
            error.api = error.api ?? api
            error.broker = error.broker ?? broker
            throw error
        } catch is CancellationError {
            timer.cancel()
            throw KafkaClientError(.closed, "the request was cancelled", broker: broker, api: api)
        } catch {
            timer.cancel()
            throw KafkaClientError(.connection, "\(error)", broker: broker, api: api)
        }
        timer.cancel()
        do {
            let header = try ResponseHeader.read(from: &frame, flexible: flexibleHeader)
            guard header.correlationId == correlationId else {
                throw KafkaClientError(
                    .protocolViolation,
                    "response correlation id \(header.correlationId), expected \(correlationId)",
                    broker: broker,
                    api: api
                )
            }
            return try Response.decode(frame, version: version)
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError(
                .protocolViolation,
                "cannot decode the v\(version) response: \(error)",
                broker: broker,
                api: api
            )
        }
    }
}
