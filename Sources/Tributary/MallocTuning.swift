#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for the long-running broker and worker processes.
///
/// Record batches, produce requests and fetch responses are buffers of up to a few MiB. With glibc's defaults such
/// buffers are mapped and unmapped (or their pages given back) over and over, and every round costs page faults,
/// zeroing and TLB shootdowns across cores: in `tributary bench postgres` that was about 8% of the worker's CPU.
/// Buffers below 32 MiB are kept on the heap instead. (Also raising the trim threshold helped the Postgres source a
/// little more but slowed the SQLite sink's pipeline by a tenth, so it is left at glibc's default.) A user's own
/// `GLIBC_TUNABLES` malloc settings are left alone.
enum MallocTuning {
    static func apply() {
        #if canImport(Glibc)
        if let tunables = getenv("GLIBC_TUNABLES"), String(cString: tunables).contains("glibc.malloc") { return }
        _ = glibcMallopt(mmapThreshold, 32 * 1024 * 1024)
        #endif
    }

    // <malloc.h> is not part of the Glibc module: the parameter's number, and the function by its C name.
    private static let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
}

#if canImport(Glibc)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
