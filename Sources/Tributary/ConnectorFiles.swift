import ArgumentParser
import ConnectRuntime
import Logging
import Foundation

/// Reads worker and connector config files: Java properties, or for connectors the JSON body of `POST /connectors`
/// (`{"name":…,"config":{…}}`) or a flat JSON config.
enum ConnectorFiles {
    /// A properties file as a map.
    static func readProperties(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read config file \(path)")
        }
        return JavaProperties.parse(text)
    }

    /// A connector config from a .properties or .json file; the JSON form's `name` goes into the config.
    static func readConnector(_ path: String) throws -> [String: String] {
        guard path.hasSuffix(".json") else { return try readProperties(path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read connector file \(path)")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ValidationError("connector file \(path) is not valid JSON: \(error.localizedDescription)")
        }
        guard let object = parsed as? [String: Any] else {
            throw ValidationError("connector file \(path) must hold a JSON object")
        }
        var config: [String: String] = [:]
        let values = (object["config"] as? [String: Any]) ?? object
        for (key, value) in values where key != "config" {
            config[key] = stringValue(value)
        }
        if let name = object["name"] as? String { config["name"] = name }
        return config
    }

    private static func stringValue(_ value: Any) -> String {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: String(describing: value)
        }
    }
}

/// The bearer token that protects mutating REST calls: `rest.auth.token` if set; otherwise, when the listener is
/// not on loopback, a generated one written to `<dir>/rest-token` (mode 0600); none on loopback.
enum RESTToken {
    static func resolve(_ config: WorkerConfig, directory: String, logger: Logger) throws -> String? {
        if let token = config.restAuthToken { return token }
        let host = config.restHost
        guard !(host.hasPrefix("127.") || host == "localhost" || host == "::1") else { return nil }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
        let path = (directory as NSString).appendingPathComponent("rest-token")
        guard FileManager.default.createFile(
            atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw ValidationError("cannot write the generated REST token to \(path)")
        }
        logger.notice("REST listener is not on loopback: mutating calls need the bearer token", metadata: ["token_file": "\(path)"])
        return token
    }
}
