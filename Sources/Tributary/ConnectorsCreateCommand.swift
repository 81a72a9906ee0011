import ArgumentParser
import ConnectREST
import Foundation
import NIOHTTP1

/// `tributary connectors create FILE`: `POST /connectors` from a Kafka Connect JSON file (`{"name","config"}`
/// or a flat config object) or a Java `.properties` file.
struct ConnectorsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a connector from a .properties or .json config file."
    )

    @OptionGroup var connection: RESTConnectionOptions
    @Argument(help: "The connector config: .properties, or JSON ({\"name\":…,\"config\":{…}} or a flat object).")
    var file: String

    func run() async throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CommandFailure("cannot read \(file)")
        }
        let request = try ConnectorConfigFile.createRequest(text, path: file)
        printJSON(try await connection.call(.POST, "/connectors", json: request))
    }
}

/// Turning a connector config file into the body of `POST /connectors`.
enum ConnectorConfigFile {
    /// The body `{"name":…,"config":{…}}` (plus `initial_state` when the file has one).
    static func createRequest(_ text: String, path: String) throws -> JSONValue {
        let trimmed = text.drop { $0.isWhitespace }
        let isJSON = path.lowercased().hasSuffix(".json") || trimmed.hasPrefix("{")
        let name: String?
        let config: [(String, JSONValue)]
        var initialState: JSONValue?
        if isJSON {
            let document: JSONValue
            do {
                document = try JSONValue(parsing: text)
            } catch {
                throw CommandFailure("\(path) is not valid JSON: \(error)")
            }
            guard case .object(let members) = document else { throw CommandFailure("\(path) must hold a JSON object") }
            if let nested = document["config"] {
                guard case .object(let configMembers) = nested else {
                    throw CommandFailure("'config' in \(path) must be an object")
                }
                config = configMembers
                if case .string(let top)? = document["name"] { name = top } else { name = nil }
                initialState = document["initial_state"]
            } else {
                config = members
                name = nil
            }
        } else {
            config = JavaProperties.parse(text).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
            name = nil
        }
        var configName: String?
        if case .string(let text)? = config.first(where: { $0.0 == "name" })?.1 { configName = text }
        guard let resolved = name ?? configName, !resolved.isEmpty else {
            throw CommandFailure("\(path) names no connector: give 'name'")
        }
        var body: [(String, JSONValue)] = [("name", .string(resolved)), ("config", .object(config))]
        if let initialState { body.append(("initial_state", initialState)) }
        return .object(body)
    }
}
