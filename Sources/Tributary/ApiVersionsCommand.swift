import ArgumentParser
import KafkaProtocol

/// `tributary api-versions`: the APIs the broker advertises and the version tributary would use for each,
/// like kafka-broker-api-versions.sh.
struct ApiVersionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-versions",
        abstract: "List the APIs the broker supports, with their versions."
    )

    @OptionGroup var connection: BrokerConnectionOptions

    /// The codecs tributary's client commands use, by API key: their version ranges.
    private static let ours: [Int16: ClosedRange<Int16>] = [
        ProduceRequest.apiKey.rawValue: ProduceRequest.versions, FetchRequest.apiKey.rawValue: FetchRequest.versions,
        ListOffsetsRequest.apiKey.rawValue: ListOffsetsRequest.versions,
        MetadataRequest.apiKey.rawValue: MetadataRequest.versions,
        OffsetCommitRequest.apiKey.rawValue: OffsetCommitRequest.versions,
        OffsetFetchRequest.apiKey.rawValue: OffsetFetchRequest.versions,
        FindCoordinatorRequest.apiKey.rawValue: FindCoordinatorRequest.versions,
        DescribeGroupsRequest.apiKey.rawValue: DescribeGroupsRequest.versions,
        ListGroupsRequest.apiKey.rawValue: ListGroupsRequest.versions,
        ApiVersionsRequest.apiKey.rawValue: ApiVersionsRequest.versions,
        CreateTopicsRequest.apiKey.rawValue: CreateTopicsRequest.versions,
        DeleteTopicsRequest.apiKey.rawValue: DeleteTopicsRequest.versions,
        DescribeConfigsRequest.apiKey.rawValue: DescribeConfigsRequest.versions,
    ]

    func run() async throws {
        try await connection.withSession { session in
            let client = session.bootstrap
            let advertised = await client.brokerVersions
            print("\(client.address) -> (")
            for key in advertised.keys.sorted() {
                guard let range = advertised[key] else { continue }
                var usable = ""
                if let ours = Self.ours[key] {
                    let high = min(ours.upperBound, range.upperBound)
                    usable = high >= max(ours.lowerBound, range.lowerBound) ? " [usable: \(high)]" : " [usable: none]"
                }
                print("\t\(ApiKey(rawValue: key).name)(\(key)): \(range.lowerBound) to \(range.upperBound)\(usable)")
            }
            print(")")
        }
    }
}
