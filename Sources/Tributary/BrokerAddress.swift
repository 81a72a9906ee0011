import ArgumentParser
import NIOCore

/// A broker's `host:port`, as given on the command line or advertised in Metadata and FindCoordinator.
struct BrokerAddress: Hashable, Sendable, CustomStringConvertible {
    var host: String
    var port: Int

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[v6-address]:port`, or a bare host (port 9092).
    init?(parsing text: String) {
        var hostPart = Substring(text)
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portPart = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        var port = 9092
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value) else { return nil }
            port = value
        }
        self.init(host: String(hostPart), port: port)
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The options every broker client command shares: where the broker is and how long to wait for it.
struct BrokerConnectionOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-server"), help: "The broker to connect to, as host:port.")
    var bootstrapServer = "127.0.0.1:9092"

    @Option(name: .customLong("request-timeout-ms"), help: "How long to wait for each response, in milliseconds.")
    var requestTimeoutMs = 30_000

    func validate() throws {
        guard BrokerAddress(parsing: bootstrapServer) != nil else {
            throw ValidationError("--bootstrap-server must be host:port, got '\(bootstrapServer)'")
        }
        guard requestTimeoutMs > 0 else { throw ValidationError("--request-timeout-ms must be positive") }
    }

    /// Connects to the bootstrap broker and negotiates API versions.
    func connect() async throws -> BrokerSession {
        guard let address = BrokerAddress(parsing: bootstrapServer) else {
            throw ValidationError("--bootstrap-server must be host:port, got '\(bootstrapServer)'")
        }
        return try await BrokerSession.connect(
            bootstrap: address,
            requestTimeout: .milliseconds(Int64(requestTimeoutMs))
        )
    }
}

extension BrokerConnectionOptions {
    /// Runs `body` with a session to the bootstrap broker, closing every connection afterwards.
    func withSession<T>(_ body: (BrokerSession) async throws -> T) async throws -> T {
        let session = try await connect()
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}
