import ConnectTransforms
import Testing
@Test func transformsModuleExists() { _ = ConnectTransformsModule.self }
