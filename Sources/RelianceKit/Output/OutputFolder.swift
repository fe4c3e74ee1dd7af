#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileSystem

/// The output folder of one run: created when missing, locked against a second run, and cleared
/// of the temporary files a killed run left behind.
///
/// The lock is the folder's `FolderLock`, the one `upload` takes as well: a run never writes into
/// a folder another run is writing or sending.
final class OutputFolder {
    let path: String
    /// The folder, opened once: every file of the run is written, renamed, listed and retired
    /// through it, never through `path` again.
    let handle: FolderHandle
    /// The names in the folder when the run took it (temporary leftovers excluded): only these
    /// can be overwritten or retired, since the lock keeps other runs out. Nil when the folder held more
    /// than `rememberedNamesLimit` (200,000 by default), so a rerun over millions of ZIPs keeps
    /// memory flat and compares each name instead.
    var existingNames: Set<String>? = []
    private let rememberedNamesLimit: Int
    /// How many ZIPs the folder held when the run took it (what `--retire-limit` is a share of),
    /// counted in the listing the run starts with.
    private(set) var zipsAtStart = 0
    /// Held for the run's life; released when the folder is.
    private let lock: FolderLock

    init(path: String, startedAt: String, rememberedNamesLimit: Int = 200_000) throws(ConvertError) {
        self.path = path
        self.rememberedNamesLimit = rememberedNamesLimit
        try OutputFolder.makeFolders(path)
        do {
            handle = try FolderHandle(path: path)
        } catch {
            throw .output(error)
        }
        do {
            lock = try FolderLock(handle, holder: "pid \(getpid()), started \(startedAt)")
        } catch {
            switch error {
            case let .unusable(message): throw .usage(message)
            case let .io(failure): throw .output(failure)
            case let .held(holder): throw .locked(folder: path, holder: holder)
            }
        }
        removeLeftovers()
    }

    /// Whether a file named `name` may be in the folder (then it is compared before being replaced).
    func mayHold(_ name: String) -> Bool {
        existingNames?.contains(name) ?? true
    }

    /// Whether a file or link named `name` is in the folder now.
    func holdsFile(_ name: String) -> Bool {
        guard mayHold(name) else { return false }
        return (try? handle.descriptor.status(of: name)) != nil
    }

    /// Temporary files of runs that were killed: `.NAME.<random>.partial`. The lock is ours, so none is in use.
    /// Notes the names of everything else.
    private func removeLeftovers() {
        try? forEachName { name in
            if name.hasPrefix("."), name.hasSuffix(AtomicFile.temporarySuffix) {
                handle.descriptor.remove(name)
                return
            }
            if OutputFolder.isZIP(name) { zipsAtStart += 1 }
            if existingNames != nil {
                existingNames?.insert(name)
                if (existingNames?.count ?? 0) > rememberedNamesLimit { existingNames = nil }
            }
        }
    }

    /// Calls `body` with the name of every entry of the folder, listed through its descriptor.
    func forEachName(_ body: (String) -> Void) throws(Errno) {
        try handle.descriptor.forEachName(body)
    }

    private static func makeFolders(_ path: String) throws(ConvertError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if let info = try? FileDescriptor.status(ofPath: current) {
                guard info.kind == .folder else {
                    throw .usage("--out \(path): \(current) is a file, not a folder")
                }
                continue
            }
            do {
                try FileDescriptor.makeFolder(atPath: current)
            } catch {
                guard error == .exists else { throw .output(WriteError(current, error)) }
            }
        }
    }
}
