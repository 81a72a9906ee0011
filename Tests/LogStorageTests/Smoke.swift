import Testing
import KafkaRecords
@Test func smoke() { #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283) }
