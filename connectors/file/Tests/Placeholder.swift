import FileConnector
import Testing
@Test func fileConnectorModuleExists() { _ = FileConnectorModule.self }
