import ArgumentParser
import KafkaProtocol
import NIOCore

/// `tributary groups …`: list consumer groups and describe one, like kafka-consumer-groups.sh.
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "List consumer groups, and describe one with its committed offsets and lag.",
        subcommands: [GroupsListCommand.self, GroupsDescribeCommand.self]
    )
}

/// `tributary groups list`: every group of every broker, one per line.
struct GroupsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the consumer groups.")

    @OptionGroup var connection: BrokerConnectionOptions
    @Flag(help: "Also print each group's state and protocol type.") var verbose = false

    func run() async throws {
        try await connection.withSession { session in
            let metadata = try await session.metadata(topics: [])
            var addresses = metadata.brokers.map { BrokerAddress(host: $0.host, port: Int($0.port)) }
            if addresses.isEmpty { addresses = [session.bootstrap.address] }
            var groups: [String: ListGroupsResponse.Group] = [:]
            for address in addresses {
                let client = try await session.client(at: address)
                let response = try await client.send(ListGroupsRequest(), as: ListGroupsResponse.self)
                guard response.errorCode == .none else {
                    throw BrokerClientError(
                        .errorCode(response.errorCode),
                        broker: address.description,
                        api: "ListGroups",
                        "the broker answered \(response.errorCode.displayName)"
                    )
                }
                for group in response.groups { groups[group.groupId] = group }
            }
            let sorted = groups.values.sorted { $0.groupId < $1.groupId }
            guard verbose else {
                for group in sorted { print(group.groupId) }
                return
            }
            let rows = sorted.map {
                [
                    $0.groupId, $0.groupState.isEmpty ? "-" : $0.groupState,
                    $0.protocolType.isEmpty ? "-" : $0.protocolType,
                ]
            }
            print(TextTable.render(header: ["GROUP", "STATE", "PROTOCOL-TYPE"], rows: rows), terminator: "")
        }
    }
}

/// Columns padded to their widest cell, two spaces apart, like kafka-consumer-groups.sh prints them.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = header.map(\.count)
        for row in all {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        var text = ""
        for row in all {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2)
            }
            text += cells.joined() + "\n"
        }
        return text
    }
}

extension String {
    /// The string followed by spaces up to `length` characters.
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
