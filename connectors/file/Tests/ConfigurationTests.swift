import Testing

@testable import FileConnector

@Suite("FileTailer configuration and fingerprints")
struct ConfigurationTests {
    @Test func propertiesAreParsed() throws {
        let configuration = try FileTailerConfiguration(properties: [
            "file": "/var/log/app.log", "files": "/var/log/a/*.log, /var/log/b?.log", "exclude.files": "*.gz",
            "read.from": "END", "max.line.bytes": "4096", "multiline.pattern": "^[[:space:]]",
            "multiline.negate": "true", "multiline.match": "before", "multiline.max.lines": "7",
            "multiline.timeout.ms": "250", "rotate.wait.ms": "100", "scan.interval.ms": "0",
        ])
        #expect(configuration.paths == ["/var/log/app.log", "/var/log/a/*.log", "/var/log/b?.log"])
        #expect(configuration.excludes == ["*.gz"])
        #expect(configuration.readFrom == .end)
        #expect(configuration.maxLineBytes == 4096)
        #expect(configuration.fingerprintBytes == 1024)
        #expect(configuration.readBufferBytes == 256 << 10)
        #expect(configuration.rotateWait == .milliseconds(100))
        #expect(configuration.scanInterval == .zero)
        #expect(
            configuration.multiline
                == MultilineConfiguration(
                    pattern: "^[[:space:]]",
                    negate: true,
                    match: .before,
                    maxLines: 7,
                    timeout: .milliseconds(250)
                )
        )
    }

    @Test func badPropertiesAreRejected() {
        #expect(throws: FileTailerConfigurationError.self) { try FileTailerConfiguration(properties: [:]) }
        #expect(throws: FileTailerConfigurationError.self) {
            try FileTailerConfiguration(properties: ["file": "/x", "read.from": "middle"])
        }
        #expect(throws: FileTailerConfigurationError.self) {
            try FileTailerConfiguration(properties: ["file": "/x", "max.line.bytes": "-1"])
        }
        #expect(throws: FileTailerConfigurationError.self) {
            try FileTailer(
                configuration: FileTailerConfiguration(properties: ["file": "/x", "multiline.pattern": "(["])
            )
        }
    }

    @Test func fingerprintRoundTripsAndCompares() throws {
        let fingerprint = FileFingerprint(
            checksum: 0xdead_beef,
            headLength: 1024,
            device: 64769,
            inode: 42,
            generation: 2
        )
        #expect(FileFingerprint(stringValue: fingerprint.stringValue) == fingerprint)
        #expect(FileFingerprint(stringValue: "nope") == nil)
        var moved = fingerprint
        moved.inode = 43
        moved.generation = 0
        #expect(moved.hasSameContent(as: fingerprint))
        #expect(!moved.isOnSameInode(as: fingerprint))
        #expect(moved != fingerprint)
        let bytes: [UInt8] = Array("hello".utf8)
        #expect(bytes.withUnsafeBytes { FileFingerprint.checksum(of: $0) } == 0xa430_d846_80aa_bd0b)
    }
}
