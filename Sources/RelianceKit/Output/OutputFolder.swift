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
    /// The names in the folder when the run took it (temporary leftovers excluded): only these
    /// can be overwritten, since the lock keeps other runs out. Nil when the folder held more
    /// than `rememberedNamesLimit` (200,000 by default), so a rerun over millions of ZIPs keeps
    /// memory flat and compares each name instead.
    private var existingNames: Set<String>? = []
    private let rememberedNamesLimit: Int
    private let lockDescriptor: Int32

    init(path: String, startedAt: String, rememberedNamesLimit: Int = 200_000) throws(ConvertError) {
        self.path = path
        self.rememberedNamesLimit = rememberedNamesLimit
        try OutputFolder.makeFolders(path)
        let lockPath = Converter.path(path, OutputFolder.lockName)
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .output(.fromErrno(lockPath)) }
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
    }

    /// Whether a file named `name` may be in the folder (then it is compared before being replaced).
    func mayHold(_ name: String) -> Bool {
        existingNames?.contains(name) ?? true
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// Temporary files of runs that were killed: `.NAME.PID.partial`. The lock is ours, so none is in use.
    /// Notes the names of everything else.
    private func removeLeftovers() {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix("."), name.hasSuffix(AtomicFile.temporarySuffix) {
                unlink(Converter.path(path, name))
            } else if existingNames != nil {
                existingNames?.insert(name)
                if (existingNames?.count ?? 0) > rememberedNamesLimit { existingNames = nil }
            }
        }
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
