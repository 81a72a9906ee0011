#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for the long-running broker and worker processes.
///
/// Batch-sized buffers come from `ByteBufferAllocator.reusingLargeBlocks`, which keeps them. What is left are many
/// small buffers (one or two per record) freed together once a batch is encoded. With glibc's defaults a free that
/// leaves more than 128 KiB at the top of a heap gives those pages back, and the next batch faults them in again
/// (zeroed, and in a virtual machine often faulted in by the host as well): in `tributary bench postgres` that was
/// about a tenth of the worker's CPU. glibc would raise the threshold itself after freeing a large mapped block, but
/// the large blocks are no longer freed. Heap memory is returned above 16 MiB of free space, and blocks of 4 MiB and
/// more are mapped. A user's own `GLIBC_TUNABLES` malloc settings are left alone.
enum MallocTuning {
    static func apply() {
        #if canImport(Glibc)
        if let tunables = getenv("GLIBC_TUNABLES"), String(cString: tunables).contains("glibc.malloc") { return }
        _ = glibcMallopt(mmapThreshold, 4 * 1024 * 1024)
        _ = glibcMallopt(trimThreshold, 16 * 1024 * 1024)
        #endif
    }

    // <malloc.h> is not part of the Glibc module: its two parameter numbers, and the function by its C name.
    private static let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
    private static let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
}

#if canImport(Glibc)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
