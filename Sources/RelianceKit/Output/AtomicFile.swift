#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
#if canImport(CLinux)
import CLinux
#endif

/// The 64 random bits of each temporary name: SipHash (the standard library's `Hasher`) of a
/// counter and a key drawn from the system once per process. Names are distinct within a run and
/// cannot be guessed from outside without the key, like a draw from the system per name, which
/// cost a system call for every ZIP (1.4 % of `convert` on the realistic benchmark).
enum TemporaryNames {
    private static let key = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    private static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        var hasher = Hasher()
        hasher.combine(key.0)
        hasher.combine(key.1)
        hasher.combine(counter.add(1, ordering: .relaxed).newValue)
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }
}

/// A file written under a temporary name in its final folder and renamed into place when
/// complete, so readers see the old file or the whole new one, never a part.
///
/// Temporary names start with `.`, end in `.partial` (never in the final extension) and carry 64
/// random bits, and are created with `O_CREAT | O_EXCL | O_NOFOLLOW`: a file or symlink planted
/// under a guessed name makes the open fail instead of being written through. The final name is
/// replaced by `rename`, which replaces a symlink there rather than following it. Everything
/// happens relative to the folder's descriptor (`FolderHandle`), never through its path again.
package final class AtomicFile {
    static let temporarySuffix = ".partial"
    /// Bytes gathered before they are written.
    static let bufferSize = 1 << 16

    let folder: FolderHandle
    let name: String
    let temporaryName: String
    private var fd: Int32
    private var buffer: [UInt8] = []

    /// A file at `path`, in the folder that holds it (opened once, here).
    package convenience init(path: String) throws(WriteError) {
        let (folder, name) = try FolderHandle.parent(of: path)
        try self.init(name: name, in: folder)
    }

    /// A file named `name` in `folder`.
    /// - Parameter expectedSize: how many bytes it will likely hold, to size its buffer once (at most 64 KiB).
    init(name: String, in folder: FolderHandle, expectedSize: Int = 0) throws(WriteError) {
        buffer.reserveCapacity(min(max(expectedSize, 0), AtomicFile.bufferSize))
        self.folder = folder
        self.name = name
        var opened: (name: String, fd: Int32) = ("", -1)
        for _ in 0..<8 {
            opened.name = AtomicFile.temporaryName(for: name, random: TemporaryNames.next())
            // Names are passed through `withCString`: passing a string itself copied it for each call.
            opened.fd = opened.name.withCString { openat(folder.fd, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644) }
            if opened.fd >= 0 || errno != EEXIST { break }
        }
        temporaryName = opened.name
        fd = opened.fd
        guard fd >= 0 else { throw .fromErrno(folder.shown(temporaryName)) }
    }

    /// "CUST_1.zip" is written as ".CUST_1-zip.<64 random bits in hex>.partial": a temporary name
    /// never ends in the final extension. Built in one piece, since one is made for every ZIP:
    /// joining its parts made four strings and an array each time.
    static func temporaryName(for name: String, random: UInt64) -> String {
        let suffix = AtomicFile.temporarySuffix.utf8
        return String(unsafeUninitializedCapacity: name.utf8.count + 18 + suffix.count) { buffer in
            var at = 0
            func put(_ byte: UInt8) {
                buffer[at] = byte
                at += 1
            }
            put(UInt8(ascii: "."))
            for byte in name.utf8 { put(byte == UInt8(ascii: ".") ? UInt8(ascii: "-") : byte) }
            put(UInt8(ascii: "."))
            for shift in stride(from: 60, through: 0, by: -4) { put(SHA.hexDigit(UInt8(truncatingIfNeeded: random >> UInt64(shift)) & 0x0F)) }
            for byte in suffix { put(byte) }
            return at
        }
    }

    /// The final path, as messages show it.
    package var path: String { folder.shown(name) }

    deinit {
        if fd >= 0 {
            close(fd)
            unlinkat(folder.fd, temporaryName, 0)
        }
    }

    package func write(_ bytes: some Collection<UInt8>) throws(WriteError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= AtomicFile.bufferSize { try flush() }
    }

    private func flush() throws(WriteError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .fromErrno(folder.shown(temporaryName))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and renames the file to its final name. A file that already holds the
    /// same bytes is left as it is, so a rerun rewrites nothing identical.
    package func commit() throws(WriteError) {
        try commit(compare: true)
    }

    /// Flushes and closes the file, still under its temporary name, and hands over the decision:
    /// the returned file is renamed into place or removed later, on whichever thread decides.
    func stage() throws(WriteError) -> StagedFile {
        try flush()
        let result = close(fd)
        fd = -1
        guard result == 0 else {
            let error = WriteError.fromErrno(folder.shown(temporaryName))
            unlinkat(folder.fd, temporaryName, 0)
            throw error
        }
        return StagedFile(folder: folder, name: name, temporaryName: temporaryName)
    }

    /// - Parameter compare: whether to leave an identical existing file alone (the caller may know already).
    func commit(compare: Bool) throws(WriteError) {
        try stage().commit(mayExist: compare)
    }

    /// Whether the files `first` and `second` of `folder` hold the same bytes (both regular files).
    static func sameContents(_ first: String, _ second: String, in folder: FolderHandle) -> Bool {
        var a = stat()
        var b = stat()
        let fa = openat(folder.fd, first, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        let fb = openat(folder.fd, second, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        defer {
            if fa >= 0 { close(fa) }
            if fb >= 0 { close(fb) }
        }
        // Only two regular files compare: a link or a device under the final name is replaced.
        guard fa >= 0, fb >= 0, fstat(fa, &a) == 0, fstat(fb, &b) == 0, (a.st_mode & S_IFMT) == S_IFREG,
              (b.st_mode & S_IFMT) == S_IFREG, a.st_size == b.st_size else { return false }
        var bufferA = [UInt8](repeating: 0, count: 1 << 16)
        var bufferB = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let gotA = bufferA.withUnsafeMutableBytes { read(fa, $0.baseAddress, $0.count) }
            let gotB = bufferB.withUnsafeMutableBytes { read(fb, $0.baseAddress, $0.count) }
            guard gotA == gotB, gotA >= 0 else { return false }
            if gotA == 0 { return true }
            if bufferA[0..<gotA] != bufferB[0..<gotB] { return false }
        }
    }

    /// Writes `bytes` to `path` atomically in one go, unless the file already holds exactly
    /// these bytes: a rerun then leaves it (and its modification time) alone.
    /// - Parameters:
    ///   - mayExist: false when the caller knows no file of that name exists, which saves looking.
    ///   - replacing: false to never replace a file of that name, even one that appears while
    ///     this one is written (the name is taken in the same step as the rename).
    /// - Returns: whether the file was written.
    @discardableResult
    package static func write(_ bytes: [UInt8], to path: String, mayExist: Bool = true, replacing: Bool = true) throws(WriteError) -> Bool {
        let (folder, name) = try FolderHandle.parent(of: path)
        if !replacing {
            let file = try AtomicFile(name: name, in: folder)
            try file.write(bytes)
            try file.stage().commitWithoutReplacing()
            return true
        }
        return try write(bytes, named: name, in: folder, mayExist: mayExist)
    }

    /// `write(_:to:mayExist:)` for the file `name` of `folder`.
    @discardableResult
    static func write(_ bytes: [UInt8], named name: String, in folder: FolderHandle, mayExist: Bool = true) throws(WriteError) -> Bool {
        if mayExist, AtomicFile.holds(bytes, name, in: folder) { return false }
        let file = try AtomicFile(name: name, in: folder)
        try file.write(bytes)
        try file.commit(compare: false)
        return true
    }

    /// Whether the regular file `name` of `folder` holds exactly `bytes` (never through a symlink).
    static func holds(_ bytes: [UInt8], _ name: String, in folder: FolderHandle) -> Bool {
        let fd = openat(folder.fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        return FileBytes.read(fd, sizeHint: bytes.count).bytes == bytes
    }
}

/// A complete file under its temporary name, waiting to be renamed into place (`commit`) or
/// dropped, which removes it. Workers build ZIPs this way in parallel; the writer thread decides,
/// in input order, which ones become files. Immutable but for the one-time settling, so it can
/// cross threads.
final class StagedFile: Sendable {
    let folder: FolderHandle
    let name: String
    let temporaryName: String
    private let settled = Atomic<Bool>(false)

    init(folder: FolderHandle, name: String, temporaryName: String) {
        self.folder = folder
        self.name = name
        self.temporaryName = temporaryName
    }

    /// The final path, as messages show it.
    var path: String { folder.shown(name) }

    deinit {
        if !settled.load(ordering: .relaxed) { unlinkat(folder.fd, temporaryName, 0) }
    }

    /// Renames the file into place, unless a file of the same name already holds the same bytes
    /// (then the staged copy is removed and the existing file, with its time, stays).
    /// - Parameter mayExist: false when the caller knows no file of that name exists.
    /// - Returns: whether the file was renamed into place.
    @discardableResult
    func commit(mayExist: Bool) throws(WriteError) -> Bool {
        settled.store(true, ordering: .relaxed)
        if mayExist, AtomicFile.sameContents(temporaryName, name, in: folder) {
            unlinkat(folder.fd, temporaryName, 0)
            return false
        }
        let renamed = temporaryName.withCString { from in name.withCString { to in renameat(folder.fd, from, folder.fd, to) } }
        guard renamed == 0 else {
            let error = WriteError.fromErrno(path)
            unlinkat(folder.fd, temporaryName, 0)
            throw error
        }
        return true
    }

    /// Renames the file into place only while no file of its name exists, checked in the same
    /// step (renameat2 with RENAME_NOREPLACE; where the file system lacks it, a hard link, which
    /// fails on a taken name too). A taken name is an error, and the staged copy is removed.
    func commitWithoutReplacing() throws(WriteError) {
        settled.store(true, ordering: .relaxed)
        #if canImport(CLinux)
        let renamed = temporaryName.withCString { from in name.withCString { to in reliance_rename_noreplace(folder.fd, from, folder.fd, to) } }
        if renamed == 0 { return }
        let renameFailure = errno
        #else
        let renameFailure = ENOSYS
        #endif
        // The link, where the rename could not say; either way the staged name goes.
        let failure: Int32? = renameFailure == EINVAL || renameFailure == ENOSYS
            ? (linkat(folder.fd, temporaryName, folder.fd, name, 0) == 0 ? nil : errno) : renameFailure
        unlinkat(folder.fd, temporaryName, 0)
        if let failure { throw WriteError(path: path, reason: String(cString: strerror(failure))) }
    }
}
