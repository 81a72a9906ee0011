/// Java's `String.hashCode()`: `h = 31 * h + c` over the UTF-16 code units, wrapping in 32 bits.
public func javaStringHashCode(_ string: String) -> Int32 {
    var hash: Int32 = 0
    for unit in string.utf16 {
        hash = hash &* 31 &+ Int32(unit)
    }
    return hash
}

/// The `__consumer_offsets` partition that owns a group: Kafka's `Utils.abs(groupId.hashCode()) % partitionCount`.
///
/// `Utils.abs` maps `Int32.min` to 0 (unlike `Math.abs`). A non-positive `partitionCount` yields 0.
public func partition(for groupId: String, partitionCount: Int32) -> Int32 {
    guard partitionCount > 0 else { return 0 }
    let hash = javaStringHashCode(groupId)
    let positive = hash == Int32.min ? 0 : abs(hash)
    return positive % partitionCount
}
