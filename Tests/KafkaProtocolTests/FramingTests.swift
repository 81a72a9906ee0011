import KafkaProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite struct FramingTests {
    @Test func frameDecoderSplitsFramesUnderEveryChunking() throws {
        let payloads = ["a", "", String(repeating: "x", count: 300)].map { ByteBuffer(string: $0) }
        var stream = ByteBuffer()
        for payload in payloads {
            stream.writeInteger(Int32(payload.readableBytes))
            stream.writeImmutableBuffer(payload)
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(stream, payloads)],
            decoderFactory: { KafkaFrameDecoder() })
    }

    @Test func oversizedAndNegativeFramesAreRefusedBeforeReading() throws {
        var decoder = KafkaFrameDecoder(maxFrameBytes: 1024)
        var huge = ByteBuffer()
        huge.writeInteger(Int32(1025))
        #expect(throws: KafkaProtocolError.self) { _ = try decoder.decode(buffer: &huge) }
        var negative = ByteBuffer()
        negative.writeInteger(Int32(-5))
        #expect(throws: KafkaProtocolError.self) { _ = try decoder.decode(buffer: &negative) }
        var partial = ByteBuffer()
        partial.writeInteger(Int32(10))
        partial.writeString("abc")
        #expect(try decoder.decode(buffer: &partial) == nil)
    }

    @Test func requestHeaderRoundTripsAndFlexibleTagsAreSkipped() throws {
        let header = RequestHeader(apiKey: .metadata, apiVersion: 12, correlationId: 7, clientId: "rdkafka")
        var buffer = ByteBuffer()
        header.write(into: &buffer, flexible: true)
        #expect(Array(buffer.readableBytesView) == [0, 3, 0, 12, 0, 0, 0, 7, 0, 7] + Array("rdkafka".utf8) + [0])
        let decoded = try RequestHeader.read(from: &buffer)
        try RequestHeader.skipFlexibleTags(from: &buffer)
        #expect(decoded == header)
        #expect(buffer.readableBytes == 0)
    }

    @Test func apiVersionsV3BodyIsByteExact() throws {
        let response = ApiVersionsResponse(apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 4)])
        let bytes = Array(response.encoded(version: 3).readableBytesView)
        // error 0, compact array of 1 (=2), key 18, min 0, max 4, entry tags 0, throttle 0, tags 0
        #expect(bytes == [0, 0, 2, 0, 18, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0])
        let roundTrip = try ApiVersionsResponse.decode(response.encoded(version: 3), version: 3)
        #expect(roundTrip == response)
        let v0 = Array(response.encoded(version: 0).readableBytesView)
        #expect(v0 == [0, 0, 0, 0, 0, 1, 0, 18, 0, 0, 0, 4])
        let hostile = ByteBuffer(bytes: [0, 0, 0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.self) { try ApiVersionsResponse.decode(hostile, version: 0) }
    }
}
