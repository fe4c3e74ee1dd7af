#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    private var existingNames: Set<String>? = []
    private let rememberedNamesLimit: Int
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
        var info = stat()
        return fstatat(handle.fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    static let retiredName = "retired"

    /// Moves every `*.zip` the folder held when the run took it that `isCurrent` does not claim
    /// into `retired/<stamp>/` (made when the first one moves; `stamp` gets `-2`, `-3` … when a
    /// folder of that name exists), so the folder holds only current ZIPs and nothing is deleted.
    ///
    /// The lock keeps other runs out, so every other ZIP in the folder is one this run wrote, and
    /// the names remembered when the run took the folder are enough. Listing the folder again at
    /// the end took 17 ms of a one-second run over 27,000 rows (on tmpfs), with one core idle. A
    /// folder whose names were too many to remember is listed again here. A ZIP another program
    /// puts into the folder while a run holds it is retired by the next full run.
    /// - Returns: the folder the ZIPs went to (relative to the output folder) and their names, sorted.
    func retire(keeping isCurrent: (String) -> Bool, stamp: String) throws(WriteError) -> (folder: String, names: [String])? {
        // Checked, listed and moved through the folder's descriptor. `retired` is made and
        // entered without following links, so a symlink planted there must not carry customer
        // ZIPs elsewhere.
        let folderFD = handle.fd
        var stale: [String] = []
        func consider(_ name: String) {
            if !name.hasPrefix("."), name.hasSuffix(".zip"), !isCurrent(name) { stale.append(name) }
        }
        if let existingNames {
            for name in existingNames { consider(name) }
            // A remembered ZIP removed by hand since is not there to move.
            stale.removeAll { !holdsFile($0) }
        } else {
            guard forEachName(consider) else { throw .fromErrno(path) }
        }
        guard !stale.isEmpty else { return nil }
        stale.sort()
        let parentPath = Converter.path(path, OutputFolder.retiredName)
        if mkdirat(folderFD, OutputFolder.retiredName, 0o755) != 0, errno != EEXIST { throw .fromErrno(parentPath) }
        let parentFD = openat(folderFD, OutputFolder.retiredName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard parentFD >= 0 else {
            throw WriteError(path: parentPath, reason: errno == ELOOP || errno == ENOTDIR ? "it is not a folder (a link or a file); remove it" : String(cString: strerror(errno)))
        }
        defer { close(parentFD) }
        var name = stamp
        var attempt = 1
        while mkdirat(parentFD, name, 0o755) != 0 {
            guard errno == EEXIST else { throw .fromErrno(Converter.path(parentPath, name)) }
            attempt += 1
            name = stamp + "-" + String(attempt)
        }
        let folderName = OutputFolder.retiredName + "/" + name
        let targetFD = openat(parentFD, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard targetFD >= 0 else { throw .fromErrno(Converter.path(path, folderName)) }
        defer { close(targetFD) }
        // A ZIP removed by hand between the look above and its move is not there to retire: it is
        // left out of the list, not taken for a failure to write.
        var moved: [String] = []
        moved.reserveCapacity(stale.count)
        for zip in stale {
            if renameat(folderFD, zip, targetFD, zip) == 0 {
                moved.append(zip)
            } else if errno != ENOENT {
                throw .fromErrno(Converter.path(Converter.path(path, folderName), zip))
            }
        }
        return (folderName, moved)
    }

    /// Temporary files of runs that were killed: `.NAME.<random>.partial`. The lock is ours, so none is in use.
    /// Notes the names of everything else.
    private func removeLeftovers() {
        _ = forEachName { name in
            if name.hasPrefix("."), name.hasSuffix(AtomicFile.temporarySuffix) {
                unlinkat(handle.fd, name, 0)
            } else if existingNames != nil {
                existingNames?.insert(name)
                if (existingNames?.count ?? 0) > rememberedNamesLimit { existingNames = nil }
            }
        }
    }

    /// Calls `body` with the name of every entry of the folder, listed through its descriptor.
    /// - Returns: false when the folder could not be listed.
    private func forEachName(_ body: (String) -> Void) -> Bool {
        let listing = dup(handle.fd)
        guard listing >= 0, let directory = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            return false
        }
        defer { closedir(directory) }
        // A duplicate shares the position of the folder's descriptor, which an earlier listing left at the end.
        rewinddir(directory)
        while let entry = readdir(directory) { body(OutputFolder.name(of: entry)) }
        return true
    }

    /// The name in a directory entry, read up to its NUL in place: a record can be shorter than
    /// `dirent`'s full 256-byte name field, so copying the field would read past the buffer.
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        guard let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else { return "" }
        return String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
    }

    private static func makeFolders(_ path: String) throws(ConvertError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            var info = stat()
            if stat(current, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw .usage("--out \(path): \(current) is a file, not a folder")
                }
                continue
            }
            if mkdir(current, 0o755) != 0, errno != EEXIST { throw .output(.fromErrno(current)) }
        }
    }
}
