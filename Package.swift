// swift-tools-version:6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode with strict concurrency and explicit existentials.
let sharedSwiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Tributary",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tributary", targets: ["Tributary"]),
        .library(name: "KafkaRecords", targets: ["KafkaRecords"]),
        .library(name: "LogStorage", targets: ["LogStorage"]),
        .library(name: "KafkaProtocol", targets: ["KafkaProtocol"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // C shims
        .target(name: "CCRC32C", path: "Sources/CCRC32C"),
        .systemLibrary(name: "CCompression", path: "Sources/CCompression"),

        // Layer 1
        .target(
            name: "KafkaRecords",
            dependencies: [
                "CCRC32C",
                "CCompression",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        .target(
            name: "KafkaProtocol",
            dependencies: [
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // Layer 2
        .target(
            name: "LogStorage",
            dependencies: [
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .target(
            name: "GroupCoordinator",
            dependencies: [
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),

        // Layer 3
        .target(
            name: "KafkaBroker",
            dependencies: [
                "KafkaProtocol",
                "KafkaRecords",
                "LogStorage",
                "GroupCoordinator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .target(
            name: "KafkaClient",
            dependencies: [
                "KafkaProtocol",
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Layer 4
        .target(
            name: "ConnectAPI",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Layer 5
        .target(
            name: "ConnectConverters",
            dependencies: ["ConnectAPI", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "ConnectTransforms",
            dependencies: ["ConnectAPI", .product(name: "NIOCore", package: "swift-nio")]
        ),

        // Layer 6
        .target(
            name: "ConnectRuntime",
            dependencies: [
                "ConnectAPI",
                "ConnectConverters",
                "ConnectTransforms",
                "KafkaClient",
                "KafkaProtocol",
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ConnectREST",
            dependencies: [
                "ConnectRuntime",
                "ConnectAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Layer 7: connector plugins
        .target(
            name: "FileConnector",
            dependencies: ["ConnectAPI", .product(name: "Logging", package: "swift-log")],
            path: "connectors/file/Sources"
        ),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "SQLiteConnector",
            dependencies: ["ConnectAPI", "CSQLite", .product(name: "Logging", package: "swift-log")],
            path: "connectors/sqlite/Sources"
        ),
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "PostgresConnector",
            dependencies: ["ConnectAPI", "CLibPQ", .product(name: "Logging", package: "swift-log")],
            path: "connectors/postgres/Sources"
        ),

        // Layer 8: the one binary
        .executableTarget(
            name: "Tributary",
            dependencies: [
                "KafkaRecords",
                "LogStorage",
                "KafkaProtocol",
                "KafkaBroker",
                "KafkaClient",
                "ConnectAPI",
                "ConnectRuntime",
                "ConnectREST",
                "FileConnector",
                "SQLiteConnector",
                "CSQLite",
                "PostgresConnector",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Tests
        .testTarget(
            name: "KafkaRecordsTests",
            dependencies: ["KafkaRecords", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KafkaProtocolTests",
            dependencies: [
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "GroupCoordinatorTests",
            dependencies: ["GroupCoordinator", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "KafkaBrokerTests",
            dependencies: [
                "KafkaBroker",
                "KafkaProtocol",
                "KafkaRecords",
                "LogStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: [
                "KafkaTestSupport",
                "KafkaClient",
                "KafkaBroker",
                "KafkaProtocol",
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConnectAPITests",
            dependencies: ["ConnectAPI", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "KafkaTestSupport",
            dependencies: [
                "KafkaBroker",
                "KafkaClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/KafkaTestSupport"
        ),
        .testTarget(
            name: "ConnectRuntimeTests",
            dependencies: [
                "KafkaTestSupport",
                "ConnectRuntime",
                "ConnectAPI",
                "KafkaClient",
                "KafkaBroker",
                "KafkaRecords",
                "FileConnector",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConnectRESTTests",
            dependencies: [
                "ConnectREST",
                "ConnectRuntime",
                "ConnectAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "FileConnectorTests",
            dependencies: ["FileConnector", "ConnectAPI", .product(name: "Logging", package: "swift-log")],
            path: "connectors/file/Tests"
        ),
        .testTarget(
            name: "SQLiteConnectorTests",
            dependencies: [
                "SQLiteConnector",
                "CSQLite",
                "ConnectAPI",
                "ConnectConverters",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "connectors/sqlite/Tests"
        ),
        .testTarget(
            name: "PostgresConnectorTests",
            dependencies: [
                "PostgresConnector",
                "ConnectAPI",
                "ConnectConverters",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "connectors/postgres/Tests"
        ),
        .testTarget(
            name: "ConnectConvertersTests",
            dependencies: ["ConnectConverters", "ConnectAPI", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "ConnectTransformsTests",
            dependencies: ["ConnectTransforms", "ConnectAPI", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "LogStorageTests",
            dependencies: [
                "LogStorage",
                "KafkaRecords",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system && target.name != "CCRC32C" {
    target.swiftSettings = (target.swiftSettings ?? []) + sharedSwiftSettings
}
