import ConnectAPI
import Testing

@testable import FileConnector

@Suite("FileTailSource configuration")
struct FileTailSourceConfigTests {
    /// The validation result of a configuration, as `PUT /connector-plugins/.../config/validate` shows it.
    func validate(_ config: [String: String]) async -> [ConfigValueInfo] {
        await FileTailSourceConnector().validate(config)
    }

    @Test func kafkaFileStreamSourceConfigIsAcceptedUnchanged() async throws {
        let config = [
            "name": "local-file-source", "connector.class": "FileStreamSource", "tasks.max": "1",
            "file": "/var/log/app.log", "topic": "connect-test",
        ]
        #expect(await validate(config).errorCount == 0)
        let settings = try FileTailSourceConfig(properties: config)
        #expect(settings.topic == "connect-test")
        #expect(settings.batchSize == 2000)
        #expect(settings.keyMode == .path)
        #expect(settings.headersEnabled)
        #expect(settings.tailer.paths == ["/var/log/app.log"])
        #expect(settings.tailer.readFrom == .beginning)
        #expect(settings.tailer.multiline == nil)
        #expect(settings.tailer == FileTailerConfiguration(paths: ["/var/log/app.log"]))
    }

    @Test func tailingKeysMapOntoTheTailerConfiguration() throws {
        let settings = try FileTailSourceConfig(properties: [
            "file": "/a.log", "files": "/logs/*.log, /other/x.log", "exclude.files": "*.gz", "topic": "t",
            "batch.size": "10", "read.from": "end", "key": "none", "headers.enable": "false",
            "max.line.bytes": "4096", "multiline.pattern": "^[[:space:]]", "multiline.negate": "true",
            "multiline.match": "before", "multiline.max.lines": "7", "multiline.timeout.ms": "250",
            "fingerprint.bytes": "64", "read.buffer.bytes": "8192", "max.bytes.per.poll": "100000",
            "rotate.wait.ms": "30", "scan.interval.ms": "40", "poll.interval.ms": "20",
        ])
        #expect(settings.batchSize == 10)
        #expect(settings.keyMode == .none)
        #expect(!settings.headersEnabled)
        #expect(settings.pollInterval == .milliseconds(20))
        let tailer = settings.tailer
        #expect(tailer.paths == ["/a.log", "/logs/*.log", "/other/x.log"])
        #expect(tailer.excludes == ["*.gz"])
        #expect(tailer.readFrom == .end)
        #expect(tailer.maxLineBytes == 4096)
        #expect(tailer.fingerprintBytes == 64)
        #expect(tailer.readBufferBytes == 8192)
        #expect(tailer.maxBytesPerPoll == 100_000)
        #expect(tailer.rotateWait == .milliseconds(30))
        #expect(tailer.scanInterval == .milliseconds(40))
        #expect(
            tailer.multiline
                == MultilineConfiguration(
                    pattern: "^[[:space:]]",
                    negate: true,
                    match: .before,
                    maxLines: 7,
                    timeout: .milliseconds(250)
                )
        )
    }

    @Test func missingTopicIsReportedInKafkasWords() async throws {
        let results = await validate(["file": "/a.log"])
        #expect(results["topic"]?.errors == ["Missing required configuration \"topic\" which has no default value."])
        #expect(results.errorCount == 1)
        #expect(throws: ConnectError.self) { try FileTailSourceConfig(properties: ["file": "/a.log"]) }
    }

    @Test func twoTopicsAreRejected() async throws {
        let results = await validate(["file": "/a.log", "topic": "a,b"])
        #expect(
            results["topic"]?.errors == [
                "'topic' in FileStreamSourceConnector configuration requires definition of a single topic"
            ]
        )
        let error = try #require(throws: ConnectError.self) {
            try FileTailSourceConfig(properties: ["file": "/a.log", "topic": "a,b"])
        }
        #expect(error.code == .config)
        #expect(error.configName == "topic")
        #expect(await validate(["file": "/a.log", "topic": ""])["topic"]?.errors.count == 1)
    }

    @Test func batchSizeBelowOneIsRejected() async throws {
        let results = await validate(["file": "/a.log", "topic": "t", "batch.size": "0"])
        #expect(results["batch.size"]?.errors == ["Invalid value 0 for configuration batch.size: Value must be at least 1"])
        #expect(
            await validate(["file": "/a.log", "topic": "t", "batch.size": "many"])["batch.size"]?.errors.first
                == "Invalid value many for configuration batch.size: Not a number of type INT"
        )
        let error = try #require(throws: ConnectError.self) {
            try FileTailSourceConfig(properties: ["file": "/a.log", "topic": "t", "batch.size": "0"])
        }
        #expect(error.message == "Invalid value 0 for configuration batch.size: Value must be at least 1")
    }

    @Test func neitherFileNorFilesIsRejected() async throws {
        for config in [["topic": "t"], ["topic": "t", "file": "", "files": " , "]] {
            let results = await validate(config)
            #expect(results.errorCount == 1)
            #expect(results["file"]?.errors.first?.hasPrefix("At least one of 'file' or 'files'") == true)
            #expect(throws: ConnectError.self) { try FileTailSourceConfig(properties: config) }
        }
        #expect(await validate(["topic": "t", "files": "/logs/*.log"]).errorCount == 0)
    }

    @Test func badEnumValuesAndPatternsAreRejected() async throws {
        let results = await validate([
            "file": "/a.log", "topic": "t", "read.from": "middle", "key": "offset", "multiline.match": "around",
            "multiline.pattern": "([a-z", "max.line.bytes": "0",
        ])
        #expect(results["read.from"]?.errors == ["Invalid value middle for configuration read.from: String must be one of: beginning, end"])
        #expect(results["key"]?.errors == ["Invalid value offset for configuration key: String must be one of: path, none"])
        #expect(results["multiline.match"]?.errors.count == 1)
        #expect(results["multiline.pattern"]?.errors.first?.contains("invalid regular expression") == true)
        #expect(results["max.line.bytes"]?.errors == ["Invalid value 0 for configuration max.line.bytes: Value must be at least 1"])
        #expect(results.errorCount == 5)
    }

    @Test func connectorRunsOneTaskWithItsConfiguration() async throws {
        let connector = FileTailSourceConnector()
        let config = ["file": "/a.log", "topic": "t", "name": "tail"]
        try await connector.start(config: config, context: TestConnectorContext())
        #expect(try await connector.taskConfigs(maxTasks: 8) == [config])
        #expect(connector.exactlyOnceSupport(config: config) == .supported)
        await #expect(throws: ConnectError.self) {
            try await connector.start(config: ["topic": "t"], context: TestConnectorContext())
        }
        try await connector.stop()
    }

    @Test func offsetAlterationsMustUseFileTailSourcePartitions() async throws {
        let connector = FileTailSourceConnector()
        let fingerprint = FileFingerprint(checksum: 0xabc, headLength: 1024, device: 1, inode: 2)
        let partition = FileTailOffsets.partition(for: fingerprint)
        #expect(partition == ["fingerprint": "abc:1024:1:2:0"])
        #expect(try await connector.alterOffsets(config: [:], offsets: [partition: ["position": 10]]) == false)
        #expect(try await connector.alterOffsets(config: [:], offsets: [partition: nil]) == false)
        await #expect(throws: ConnectError.self) {
            try await connector.alterOffsets(config: [:], offsets: [["filename": "/a.log"]: ["position": 10]])
        }
        await #expect(throws: ConnectError.self) {
            try await connector.alterOffsets(config: [:], offsets: [partition: ["position": -1]])
        }
        await #expect(throws: ConnectError.self) {
            try await connector.alterOffsets(config: [:], offsets: [partition: ["position": "ten"]])
        }
    }
}

/// A connector context that ignores requests.
struct TestConnectorContext: SourceConnectorContext, SinkConnectorContext {
    var offsetStorageReader: any OffsetStorageReader = MemoryOffsetStore()
    func requestTaskReconfiguration() {}
    func raiseError(_ error: any Error) {}
}
