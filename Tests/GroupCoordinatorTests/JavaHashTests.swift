import GroupCoordinator
import Testing

@Suite struct JavaHashTests {
    // Expected values computed with Python over UTF-16 code units: h = (31 * h + unit) mod 2^32, as signed.
    @Test(arguments: [
        ("", Int32(0)),
        ("a", 97),
        ("connect-foo", 1_722_807_651),
        ("my-group", -1_906_497_762),
        ("console-consumer-12345", 158_455_506),
        ("héllo", 103_094_734),
        ("😀", 1_772_899),
        ("polygenelubricants", Int32.min),
    ])
    func stringHashCode(text: String, expected: Int32) {
        #expect(javaStringHashCode(text) == expected)
    }

    @Test func partitionsFollowUtilsAbsModuloCount() {
        #expect(partition(for: "connect-foo", partitionCount: 50) == 1)
        #expect(partition(for: "my-group", partitionCount: 50) == 12)
        #expect(partition(for: "a", partitionCount: 50) == 47)
        #expect(partition(for: "polygenelubricants", partitionCount: 50) == 0, "Utils.abs(Int.MIN) is 0")
        #expect(partition(for: "anything", partitionCount: 1) == 0)
        #expect(partition(for: "anything", partitionCount: 0) == 0)
    }
}
