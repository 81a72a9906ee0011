import ConnectAPI
import Testing
@Test func connectAPIModuleExists() { _ = ConnectAPIModule.self }
