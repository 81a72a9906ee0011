import ConnectConverters
import Testing
@Test func convertersModuleExists() { _ = ConnectConvertersModule.self }
