import ConnectRuntime
import Testing

@Suite struct HerderErrorTests {
    @Test func statusCodesFollowKafkaConnect() {
        #expect(HerderError.badRequest("x").statusCode == 400)
        #expect(HerderError.notFound("x").statusCode == 404)
        #expect(HerderError.conflict("x").statusCode == 409)
        #expect(HerderError.internalError("x").statusCode == 500)
        #expect(TargetState(requestValue: "running") == .started)
        #expect(TargetState(requestValue: "bogus") == nil)
    }
}
