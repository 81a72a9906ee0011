import KafkaProtocol
import NIOCore

extension BrokerConnection {
    /// The software name sent in ApiVersions v3+.
    static let softwareName = "tributary-kafka-client"
    /// The software version sent in ApiVersions v3+.
    static let softwareVersion = "0.1.0"

    /// Asks for the broker's API versions with ApiVersions v3, falling back to the version an UNSUPPORTED_VERSION
    /// answer (v0 layout) allows; returns the ranges and the next correlation id.
    static func negotiateVersions(
        transport: any KafkaTransport,
        address: BrokerAddress,
        clientId: String,
        timeoutMs: Int64
    ) async throws(KafkaClientError) -> ([Int16: ClosedRange<Int16>], Int32) {
        let request = ApiVersionsRequest(clientSoftwareName: softwareName, clientSoftwareVersion: softwareVersion)
        var version: Int16 = 3
        var correlationId: Int32 = 0
        for _ in 0..<3 {
            var frame = frame(request, version: version, clientId: clientId)
            frame.setInteger(correlationId, at: frame.readerIndex + RequestHeader.correlationIdOffset)
            let promise = KafkaResponsePromise()
            transport.send(frame, response: promise)
            let timer = timerLoop.scheduleTask(in: .milliseconds(timeoutMs)) {
                promise.fail(
                    KafkaClientError(
                        .timeout,
                        "no ApiVersions response within \(timeoutMs) ms",
                        broker: address.description,
                        api: .apiVersions
                    )
                )
            }
            var response: ByteBuffer
            do {
                response = try await promise.wait()
                timer.cancel()
            } catch {
                timer.cancel()
                if let error = error as? KafkaClientError { throw error }
                throw KafkaClientError(.connection, "\(error)", broker: address.description, api: .apiVersions)
            }
            correlationId += 1
            // ApiVersions responses always use response header v0.
            guard (try? ResponseHeader.read(from: &response, flexible: false))?.correlationId == correlationId - 1 else {
                throw KafkaClientError(
                    .protocolViolation,
                    "malformed ApiVersions response header",
                    broker: address.description,
                    api: .apiVersions
                )
            }
            if let decoded = try? ApiVersionsResponse.decode(response, version: version), decoded.errorCode == .none {
                var ranges: [Int16: ClosedRange<Int16>] = [:]
                for entry in decoded.apiKeys where entry.minVersion <= entry.maxVersion {
                    ranges[entry.apiKey] = entry.minVersion...entry.maxVersion
                }
                return (ranges, correlationId)
            }
            // An unsupported version is answered in the v0 layout, listing the broker's ApiVersions range.
            if let fallback = try? ApiVersionsResponse.decode(response, version: 0),
                fallback.errorCode == .unsupportedVersion, version > 0
            {
                let brokerMax = fallback.apiKeys.first { $0.apiKey == ApiKey.apiVersions.rawValue }?.maxVersion ?? 0
                version = max(0, min(version - 1, brokerMax))
                continue
            }
            throw KafkaClientError(
                .protocolViolation,
                "cannot decode the ApiVersions v\(version) response",
                broker: address.description,
                api: .apiVersions
            )
        }
        throw KafkaClientError(
            .unsupported,
            "no ApiVersions version both sides speak",
            broker: address.description,
            api: .apiVersions
        )
    }
}
