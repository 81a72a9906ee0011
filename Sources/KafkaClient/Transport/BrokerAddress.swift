/// A broker's `host:port`, as listed in `bootstrap.servers` or advertised in Metadata and FindCoordinator.
public struct BrokerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates an address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `[v6-address]:port`, or a bare host (port 9092); an optional `PLAINTEXT://` prefix is
    /// ignored.
    public init?(parsing text: String) {
        var text = Substring(text.trimmingSpaces())
        if let scheme = text.firstRange(of: "://") { text = text[scheme.upperBound...] }
        var hostPart = text
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

    /// Parses a `bootstrap.servers` list: comma-separated addresses; nil if any entry is invalid or none is given.
    public static func parseList(_ text: String) -> [BrokerAddress]? {
        let entries = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        guard !entries.isEmpty else { return nil }
        var addresses: [BrokerAddress] = []
        for entry in entries {
            guard let address = BrokerAddress(parsing: entry) else { return nil }
            addresses.append(address)
        }
        return addresses
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
