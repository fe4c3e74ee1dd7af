#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many files the process may hold open (`ulimit -n`), and how many rows a run may then keep
/// in flight.
///
/// A run holds a descriptor for every ZIP prepared and not yet written (up to three batches: one
/// being prepared, two waiting for the writer) and, while a row is packed, one for each of its
/// attachments. Under a low limit the open of an attachment or a ZIP fails with `EMFILE`, which is
/// the moment's fault and would stop the run (exit 3) part way. So the soft limit is raised toward
/// the hard one first, batches are made small enough to fit what remains, and a limit too low for
/// even one row in flight is refused before anything is read or written.
public enum DescriptorLimit {
    /// Descriptors a run holds whatever its batches: standard streams, the input and its decoded
    /// copy, the output folder, its lock and listing, the reports being written, the attachments
    /// folder, the threads' own (epoll, eventfd).
    static let reserved = 32

    /// The current soft limit, raised to `wanted` where the hard limit allows.
    static func raise(toward wanted: Int) -> Int {
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

    /// The rows per batch that fit the limit, at most `preferred`, for `jobs` workers whose rows
    /// attach up to `attachmentsPerRow` files each.
    /// - Throws: `.fault` naming the limit when not even one row per batch fits.
    static func batchSize(preferred: Int, jobs: Int, attachmentsPerRow: Int, packs: Bool) throws(ConvertError) -> Int {
        let perWorker = attachmentsPerRow + 1
        let fixed = reserved + jobs * perWorker
        // Three batches of staged ZIPs when packing; `validate` holds none.
        let wanted = fixed + (packs ? 3 * preferred : 0)
        let available = raise(toward: wanted)
        guard packs else {
            guard available >= fixed else { throw refusal(available, needed: fixed) }
            return preferred
        }
        let fitting = (available - fixed) / 3
        guard fitting >= 1 else { throw refusal(available, needed: fixed + 3) }
        return min(preferred, fitting)
    }

    private static func refusal(_ available: Int, needed: Int) -> ConvertError {
        .fault("the process may open \(available) files at once (ulimit -n), and this run needs at least \(needed); "
            + "raise the limit (ulimit -n 1024) and run again; nothing was read or written")
    }
}
