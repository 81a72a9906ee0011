import KafkaProtocol
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connection to one broker: requests get fresh correlation ids and are sent at the versions negotiated
/// with ApiVersions when connecting (the highest both sides speak); responses over 100 MiB are refused.
actor BrokerClient {
    /// The largest response frame accepted.
    static let maxResponseBytes = 100 * 1024 * 1024
    /// The client id sent in every request header.
    static let clientId = "tributary-cli"

    let address: BrokerAddress
    /// How long to wait for a response unless a request says otherwise.
    let requestTimeout: TimeAmount
    private let channel: any Channel
    /// The version range the broker advertises, by API key.
    private(set) var brokerVersions: [Int16: ClosedRange<Int16>] = [:]
    private var nextCorrelationId: Int32 = 0

    private init(address: BrokerAddress, channel: any Channel, requestTimeout: TimeAmount) {
        self.address = address
        self.channel = channel
        self.requestTimeout = requestTimeout
    }

    /// Opens a connection and negotiates API versions.
    static func connect(to address: BrokerAddress, requestTimeout: TimeAmount) async throws -> BrokerClient {
        let broker = address.description
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(min(requestTimeout, .seconds(10)))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maxFrameBytes: maxResponseBytes))
                    )
                    try channel.pipeline.syncOperations.addHandler(BrokerClientHandler(broker: broker))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch {
            throw BrokerClientError(
                .connection,
                broker: broker,
                api: nil,
                "cannot connect: \(describeConnectFailure(error))"
            )
        }
        let client = BrokerClient(address: address, channel: channel, requestTimeout: requestTimeout)
        do {
            try await client.negotiateVersions()
        } catch {
            await client.close()
            throw error
        }
        return client
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }

    /// Whether the broker advertises `api` at all.
    func supports(_ api: ApiKey) -> Bool { brokerVersions[api.rawValue] != nil }

    /// The version to use for a request: the highest that the broker and both codecs speak.
    func version<Request: KafkaMessage, Response: KafkaMessage>(
        of request: Request.Type,
        _ response: Response.Type = Response.self
    ) throws -> Int16 {
        let api = Request.apiKey.name
        guard let advertised = brokerVersions[Request.apiKey.rawValue] else {
            throw BrokerClientError(
                .unsupported,
                broker: address.description,
                api: api,
                "the broker does not support \(api) (not listed in its ApiVersions response)"
            )
        }
        let ours =
            max(
                Request.versions.lowerBound,
                Response.versions.lowerBound
            )...min(
                Request.versions.upperBound,
                Response.versions.upperBound
            )
        let high = min(ours.upperBound, advertised.upperBound)
        guard high >= max(ours.lowerBound, advertised.lowerBound) else {
            throw BrokerClientError(
                .unsupported,
                broker: address.description,
                api: api,
                "no common version: the broker speaks v\(advertised.lowerBound)–v\(advertised.upperBound), "
                    + "tributary v\(ours.lowerBound)–v\(ours.upperBound)"
            )
        }
        return high
    }

    /// Sends `request` at the negotiated version and decodes its response.
    func send<Request: KafkaMessage, Response: KafkaMessage>(
        _ request: Request,
        as response: Response.Type,
        timeout: TimeAmount? = nil
    ) async throws -> Response {
        try await send(request, version: try version(of: Request.self, Response.self), as: response, timeout: timeout)
    }

    /// Sends `request` at `version` and decodes its response.
    func send<Request: KafkaMessage, Response: KafkaMessage>(
        _ request: Request,
        version: Int16,
        as response: Response.Type,
        timeout: TimeAmount? = nil
    ) async throws -> Response {
        let api = Request.apiKey.name
        guard Request.apiKey == Response.apiKey, Request.versions.contains(version), Response.versions.contains(version)
        else {
            throw BrokerClientError(
                .unsupported,
                broker: address.description,
                api: api,
                "tributary cannot encode \(api) v\(version) (or decode it as \(Response.self))"
            )
        }
        // ApiVersions responses always use response header v0; other flexible versions header v1.
        let flexibleHeader = Response.apiKey != .apiVersions && Response.isFlexible(version)
        let body = try await exchange(
            request,
            version: version,
            responseHeaderFlexible: flexibleHeader,
            expectResponse: true,
            timeout: timeout ?? requestTimeout
        )
        guard let body else {
            throw BrokerClientError(.protocolViolation, broker: address.description, api: api, "no response")
        }
        do {
            return try Response.decode(body, version: version)
        } catch {
            throw BrokerClientError(
                .protocolViolation,
                broker: address.description,
                api: api,
                "cannot decode the v\(version) response: \(error)"
            )
        }
    }

    /// Sends a request the broker does not answer (Produce with acks=0); returns once it is written.
    func sendWithoutResponse<Request: KafkaMessage>(_ request: Request, version: Int16) async throws {
        _ = try await exchange(
            request,
            version: version,
            responseHeaderFlexible: false,
            expectResponse: false,
            timeout: requestTimeout
        )
    }

    /// Frames and writes one request; returns the response body after its header, or nil when none is expected.
    private func exchange<Request: KafkaMessage>(
        _ request: Request,
        version: Int16,
        responseHeaderFlexible: Bool,
        expectResponse: Bool,
        timeout: TimeAmount
    ) async throws -> ByteBuffer? {
        let api = Request.apiKey.name
        let broker = address.description
        let correlationId = nextCorrelationId
        nextCorrelationId = nextCorrelationId == Int32.max ? 0 : nextCorrelationId + 1

        var frame = channel.allocator.buffer(capacity: 256)
        frame.writeInteger(Int32(0))
        RequestHeader(
            apiKey: Request.apiKey,
            apiVersion: version,
            correlationId: correlationId,
            clientId: Self.clientId
        )
        .write(into: &frame, flexible: Request.isFlexible(version))
        var body = request.encoded(version: version)
        frame.writeBuffer(&body)
        frame.setInteger(Int32(frame.readableBytes - 4), at: frame.readerIndex)

        let channel = self.channel
        let promise = expectResponse ? channel.eventLoop.makePromise(of: ByteBuffer.self) : nil
        let written = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(
            BrokerClientRequest(api: api, correlationId: correlationId, frame: frame, response: promise),
            promise: written
        )
        guard let promise else {
            do {
                try await written.futureResult.get()
            } catch {
                throw Self.wrap(error, broker: broker, api: api)
            }
            return nil
        }
        written.futureResult.whenFailure { error in promise.fail(Self.wrap(error, broker: broker, api: api)) }
        let milliseconds = timeout.nanoseconds / 1_000_000
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(BrokerClientError(.timeout, broker: broker, api: api, "no response within \(milliseconds) ms"))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        var response = try await promise.futureResult.get()
        do {
            let header = try ResponseHeader.read(from: &response, flexible: responseHeaderFlexible)
            guard header.correlationId == correlationId else {
                throw BrokerClientError(
                    .protocolViolation,
                    broker: broker,
                    api: api,
                    "response correlation id \(header.correlationId), expected \(correlationId)"
                )
            }
        } catch let error as KafkaProtocolError {
            throw BrokerClientError(.protocolViolation, broker: broker, api: api, "malformed response header: \(error)")
        }
        return response
    }

    private static func wrap(_ error: any Error, broker: String, api: String) -> BrokerClientError {
        if var error = error as? BrokerClientError {
            error.api = error.api ?? api
            return error
        }
        return BrokerClientError(.connection, broker: broker, api: api, "cannot send: \(error)")
    }

    /// Asks for the broker's API versions (v3, falling back to what an UNSUPPORTED_VERSION answer allows).
    private func negotiateVersions() async throws {
        let request = ApiVersionsRequest(
            clientSoftwareName: Self.clientId,
            clientSoftwareVersion: TributaryVersion.current
        )
        var version: Int16 = 3
        for _ in 0..<2 {
            let body = try await exchange(
                request,
                version: version,
                responseHeaderFlexible: false,
                expectResponse: true,
                timeout: requestTimeout
            )
            guard let body else { break }
            // A broker that does not know `version` answers UNSUPPORTED_VERSION in the v0 layout.
            let response: ApiVersionsResponse
            if let decoded = try? ApiVersionsResponse.decode(body, version: version), decoded.errorCode == .none {
                response = decoded
            } else if let fallback = try? ApiVersionsResponse.decode(body, version: 0),
                fallback.errorCode == .unsupportedVersion, version > 0
            {
                let brokerMax = fallback.apiKeys.first { $0.apiKey == ApiKey.apiVersions.rawValue }?.maxVersion ?? 0
                version = max(0, min(version - 1, brokerMax))
                continue
            } else {
                let code = (try? ApiVersionsResponse.decode(body, version: version))?.errorCode
                throw BrokerClientError(
                    .protocolViolation,
                    broker: address.description,
                    api: "ApiVersions",
                    code.map { "the broker answered \($0.displayName)" } ?? "cannot decode the v\(version) response"
                )
            }
            var versions: [Int16: ClosedRange<Int16>] = [:]
            for entry in response.apiKeys where entry.minVersion <= entry.maxVersion {
                versions[entry.apiKey] = entry.minVersion...entry.maxVersion
            }
            brokerVersions = versions
            return
        }
        throw BrokerClientError(
            .unsupported,
            broker: address.description,
            api: "ApiVersions",
            "no ApiVersions version both sides speak"
        )
    }
}

/// A short reason for a failed connect: the OS error text rather than NIO's full report.
private func describeConnectFailure(_ error: any Error) -> String {
    if let error = error as? NIOConnectionError {
        if let failure = error.connectionErrors.first { return describeConnectFailure(failure.error) }
        if let dns = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve \(error.host): \(dns)" }
    }
    if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
    if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
        return "timed out after \(amount.nanoseconds / 1_000_000) ms"
    }
    return "\(error)"
}
