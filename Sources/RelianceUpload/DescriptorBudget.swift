#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileSystem
import NIOCore

/// The file descriptors an upload needs, checked against the limit on open files (`ulimit -n`)
/// before the network starts: SwiftNIO stops the process (a `fatalError`, no message of ours)
/// when its threads cannot get their descriptors, so a limit too low must be refused first.
enum DescriptorBudget {
    /// Descriptors each network thread holds: its epoll set, an event and a timer descriptor.
    static let perNetworkThread = 3
    /// Descriptors each upload in flight holds: its ZIP and its connection.
    static let perUpload = 2
    /// Descriptors the run holds throughout: the folder and its lock.
    static let held = 2
    /// Room for what comes and goes: the manifest and upload-results.csv while they are read or
    /// written, the token request's connection, the TLS trust store, name resolution. Measured
    /// over plain http on loopback with two network threads, a whole run needed 19 descriptors with
    /// --concurrency 1, 25 with 4 and 48 with 16; with this reserve the check asks about 27, 33 and
    /// 57 (it counts the 5 to 7 the runtime has open when it runs).
    static let reserve = 10

    /// What a run with `concurrency` uploads in flight needs, given `open` descriptors already open.
    static func needed(concurrency: Int, open: Int, networkThreads: Int = NIOSingletons.groupLoopCountSuggestion) -> Int {
        open + held + perNetworkThread * networkThreads + perUpload * concurrency + reserve
    }

    /// Raises the soft limit on open files toward what `concurrency` needs, as `convert` does, and
    /// throws exit 3 when even the hard limit is below it.
    static func check(concurrency: Int) throws(UploadError) {
        guard let soft = DescriptorLimit.current() else { return }
        let need = needed(concurrency: concurrency, open: FileSystem.FileDescriptor.openCount(below: min(soft, 1 << 16)))
        let available = DescriptorLimit.raise(toward: need)
        guard available < need else { return }
        throw .io("the limit on open files (ulimit -n) is \(available), and upload needs at least \(need) with --concurrency \(concurrency) "
            + "(\(perNetworkThread) for each of \(NIOSingletons.groupLoopCountSuggestion) network threads, \(perUpload) per upload in flight, "
            + "\(held + reserve) for its files, and those open now); raise it with ulimit -n \(need), or lower --concurrency")
    }

    /// Whether `code` says the process or the system ran out of file descriptors.
    static func isExhaustion(_ code: Int32) -> Bool {
        code == EMFILE || code == ENFILE
    }
}
