#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output folder of one run: created when missing, locked against a second run, and cleared
/// of the temporary files a killed run left behind.
///
/// The lock is an advisory `flock` on `.reliance-convert.lock`: the kernel releases it when the
/// holder dies, so a lock left by a killed run is taken over without guessing from timestamps.
/// The file names the holder (pid and start time) for the message a refused run prints.
final class OutputFolder {
    static let lockName = ".reliance-convert.lock"

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
    /// How many ZIPs the folder held when the run took it (what `--retire-limit` is a share of);
    /// counted when needed in a folder whose names were too many to remember.
    private(set) var zipsAtStart: Int?
    private let lockDescriptor: Int32

    init(path: String, startedAt: String, rememberedNamesLimit: Int = 200_000) throws(ConvertError) {
        self.path = path
        self.rememberedNamesLimit = rememberedNamesLimit
        try OutputFolder.makeFolders(path)
        do {
            handle = try FolderHandle(path: path)
        } catch {
            throw .output(error)
        }
        let lockPath = Converter.path(path, OutputFolder.lockName)
        // Never through a link: a symlink planted as the lock would have its target truncated.
        let fd = openat(handle.fd, OutputFolder.lockName, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == ELOOP { throw .usage("\(lockPath) is a symbolic link; remove it (the tool never writes through links)") }
            throw .output(.fromErrno(lockPath))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .usage("\(lockPath) is not a regular file; remove it")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = OutputFolder.readHolder(fd)
            close(fd)
            throw .locked(folder: path, holder: holder)
        }
        let text = Array("pid \(getpid()), started \(startedAt)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        lockDescriptor = fd
        removeLeftovers()
        zipsAtStart = existingNames.map { names in names.filter(OutputFolder.isZIP).count }
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

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
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
    func forEachName(_ body: (String) -> Void) -> Bool {
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

    private static func readHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let text = got > 0 ? String(decoding: buffer[0..<got], as: UTF8.self) : ""
        let trimmed = text.split(separator: "\n").first.map(String.init) ?? ""
        return trimmed.isEmpty ? "another run" : trimmed
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
