import NIOCore
import NIOHTTP1
import NIOPosix

/// Where a Connect REST API listens: `http://host:port[/prefix]`.
struct RESTEndpoint: Hashable, Sendable {
    var host: String
    var port: Int
    /// A path prefix without a trailing slash, e.g. "" or "/connect".
    var basePath: String

    /// Parses `http://host[:port][/prefix]` (port 80 when absent; `[::1]` for IPv6). HTTPS is not supported.
    init(parsing url: String) throws {
        guard url.hasPrefix("http://") else {
            throw CommandFailure("--url must start with http:// (HTTPS is not supported), got '\(url)'")
        }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        basePath = String(rest.dropFirst(authority.count))
        while basePath.hasSuffix("/") { basePath.removeLast() }
        var hostPart = Substring(authority)
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else {
                throw CommandFailure("--url has an unclosed '[': '\(url)'")
            }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty {
                throw CommandFailure("--url is not http://host:port, got '\(url)'")
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw CommandFailure("--url has no host: '\(url)'") }
        host = String(hostPart)
        if let portPart {
            guard let number = Int(portPart), (1...65_535).contains(number) else {
                throw CommandFailure("--url has an invalid port: '\(url)'")
            }
            port = number
        } else {
            port = 80
        }
    }

    /// The `Host` header value.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }
}

/// One HTTP response: the status and the body as text.
struct RESTResponse: Sendable {
    var status: Int
    var body: String
}

/// A minimal HTTP/1.1 client for the Connect REST API: one connection per request (`Connection: close`),
/// bounded response size, an overall timeout.
struct RESTClient: Sendable {
    /// The API's address.
    var endpoint: RESTEndpoint
    /// Sent as `Authorization: Bearer <token>` when set.
    var token: String?
    /// How long one request may take, connect included.
    var timeout: Duration = .seconds(30)
    /// The largest response body accepted.
    var maxResponseBytes = 64 << 20

    /// Sends `method path` (path already percent-encoded, query included) with an optional JSON body.
    func send(_ method: HTTPMethod, _ path: String, json body: String? = nil) async throws -> RESTResponse {
        try await withThrowingTaskGroup(of: RESTResponse?.self) { group in
            group.addTask { try await exchange(method, path, body: body) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw CommandFailure("no answer from \(endpoint.hostHeader) within \(timeout)")
            }
            return response
        }
    }

    private func exchange(_ method: HTTPMethod, _ path: String, body: String?) async throws -> RESTResponse {
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                            wrappingChannelSynchronously: channel
                        )
                    }
                }
        } catch {
            throw CommandFailure("cannot connect to the Connect REST API at \(endpoint.hostHeader): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: endpoint.basePath + path)
            head.headers.add(name: "Host", value: endpoint.hostHeader)
            head.headers.add(name: "Accept", value: "application/json")
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "User-Agent", value: "tributary/\(TributaryVersion.current)")
            if let token { head.headers.add(name: "Authorization", value: "Bearer \(token)") }
            let payload = body.map { ByteBuffer(string: $0) }
            if payload != nil { head.headers.add(name: "Content-Type", value: "application/json") }
            head.headers.add(name: "Content-Length", value: String(payload?.readableBytes ?? 0))
            try await outbound.write(.head(head))
            if let payload { try await outbound.write(.body(.byteBuffer(payload))) }
            try await outbound.write(.end(nil))

            var status: Int?
            var received = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let responseHead):
                    status = Int(responseHead.status.code)
                case .body(var chunk):
                    guard received.readableBytes + chunk.readableBytes <= maxResponseBytes else {
                        throw CommandFailure(
                            "the response from \(endpoint.hostHeader) exceeds \(maxResponseBytes) bytes"
                        )
                    }
                    received.writeBuffer(&chunk)
                case .end:
                    guard let status else { break }
                    return RESTResponse(status: status, body: String(buffer: received))
                }
            }
            throw CommandFailure("the connection to \(endpoint.hostHeader) closed before a complete response")
        }
    }
}
