import ConnectAPI
import Testing

@testable import FileConnector

@Suite("File connector plugins")
struct PluginTests {
    @Test func sourceAliasesResolve() {
        for name in [
            "io.tributary.connect.file.FileTailSourceConnector", "FileTailSourceConnector", "FileTailSource",
            "FileStreamSource", "FileStreamSourceConnector", "org.apache.kafka.connect.file.FileStreamSourceConnector",
        ] {
            #expect(fileTailSourcePlugin.matches(name), "\(name)")
            #expect(!fileSinkPlugin.matches(name), "\(name)")
        }
        #expect(fileTailSourcePlugin.type == .source)
        #expect(fileTailSourcePlugin.version == "0.1.0")
        #expect(fileTailSourcePlugin.configDefinition["batch.size"]?.parsedDefault == .int(2000))
        if case .source(let connector) = fileTailSourcePlugin.makeConnector() {
            #expect(connector is FileTailSourceConnector)
            #expect(connector.makeTask() is FileTailSourceTask)
        } else {
            Issue.record("not a source connector")
        }
    }

    @Test func sinkAliasesResolve() {
        for name in [
            "io.tributary.connect.file.FileSinkConnector", "FileSinkConnector", "FileSink", "FileStreamSink",
            "FileStreamSinkConnector", "org.apache.kafka.connect.file.FileStreamSinkConnector",
        ] {
            #expect(fileSinkPlugin.matches(name), "\(name)")
            #expect(!fileTailSourcePlugin.matches(name), "\(name)")
        }
        #expect(fileSinkPlugin.type == .sink)
        #expect(fileSinkPlugin.version == "0.1.0")
        if case .sink(let connector) = fileSinkPlugin.makeConnector() {
            #expect(connector.makeTask() is FileSinkTask)
        } else {
            Issue.record("not a sink connector")
        }
    }

    @Test func allListsBothPlugins() {
        #expect(FileConnectorPlugins.all.map(\.className) == [
            "io.tributary.connect.file.FileTailSourceConnector", "io.tributary.connect.file.FileSinkConnector",
        ])
        #expect(!fileTailSourcePlugin.matches("FileStream"))
    }
}
