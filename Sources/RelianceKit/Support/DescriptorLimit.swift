#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many files the process may hold open (`ulimit -n`), checked before a run reads or writes.
///
/// A run holds a few descriptors whatever its size (standard streams, the input and its decoded
/// copy, the output folder, its lock and listing, the reports being written, the threads' own),
/// and each worker one attachments folder, the ZIP it is writing and the attachments of the row it
/// packs. Under a lower limit the open of an attachment or a ZIP fails with `EMFILE`, which is the
/// moment's fault and would stop the run part way (exit 3). So the soft limit is raised toward the
/// hard one first, and a limit still too low is refused before anything is read or written.
package enum DescriptorLimit {
    /// What a run holds whatever its workers, with room to spare.
    static let reserved = 32

    /// The soft limit on open files now; nil when it cannot be read. No limit clamps to `Int.max`.
    package static func current() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return Int(clamping: limit.rlim_cur)
    }

    /// The current soft limit, raised to `wanted` where the hard limit allows.
    package static func raise(toward wanted: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return wanted }
        let soft = Int(clamping: limit.rlim_cur)
        let hard = Int(clamping: limit.rlim_max)
        guard soft < wanted else { return soft }
        let target = min(hard, wanted)
        if target > soft {
            limit.rlim_cur = rlim_t(target)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { return target }
        }
        return soft
    }
}
