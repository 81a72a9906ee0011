import ConnectREST
import Testing

@Suite struct ConnectRESTModuleTests {
    @Test func moduleLinks() {
        #expect(String(describing: ConnectRESTModule.self) == "ConnectRESTModule")
    }
}
