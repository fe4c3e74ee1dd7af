#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many files the process may hold open (`ulimit -n`): the soft limit, and raising it toward
/// the hard one. Each command checks what it needs against it before it reads, writes or connects,
/// so a limit too low is refused up front instead of failing an open part way.
package enum DescriptorLimit {
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
