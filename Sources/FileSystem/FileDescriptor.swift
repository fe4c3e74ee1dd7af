#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(CLinux)
import CLinux
#endif
import Synchronization

/// An open file or folder, closed when the last holder lets it go: the one place that opens,
/// looks at and reads files, in the shape of swift-system's `FileDescriptor`.
///
/// Every read retries on `EINTR`, every failure is an `Errno`, and what is read is the file that
/// was opened and looked at, whatever its name comes to mean later: readers take the descriptor,
/// never a path back to it.
package final class FileDescriptor: Sendable {
    /// The descriptor; -1 once closed.
    private let state: Atomic<Int32>

    package var rawValue: Int32 { state.load(ordering: .relaxed) }

    init(rawValue: Int32) {
        state = Atomic(rawValue)
    }

    deinit {
        let fd = state.load(ordering: .relaxed)
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Closes the descriptor now, for the failure a network file system may only report here.
    package func close() throws(Errno) {
        let fd = state.exchange(-1, ordering: .relaxed)
        guard fd >= 0 else { return }
        guard Glibc.close(fd) == 0 else { throw .current }
    }

    /// How a file is opened.
    package enum Access: Sendable {
        case readOnly, writeOnly, readWrite

        var flags: Int32 {
            switch self {
            case .readOnly: O_RDONLY
            case .writeOnly: O_WRONLY
            case .readWrite: O_RDWR
            }
        }
    }

    /// Flags of `open`. `O_CLOEXEC` is always set: no child process inherits a customer's file.
    package struct Options: OptionSet, Sendable {
        package let rawValue: Int32
        package init(rawValue: Int32) { self.rawValue = rawValue }

        /// A symbolic link as the last component makes the open fail with `ELOOP`.
        package static let noFollow = Options(rawValue: O_NOFOLLOW)
        /// The open of a named pipe does not wait for a writer.
        package static let nonBlocking = Options(rawValue: O_NONBLOCK)
        package static let folder = Options(rawValue: O_DIRECTORY)
        package static let create = Options(rawValue: O_CREAT)
        /// With `create`: fails when the name is taken (a file or a link).
        package static let exclusive = Options(rawValue: O_EXCL)
        package static let append = Options(rawValue: O_APPEND)
        package static let noControllingTerminal = Options(rawValue: O_NOCTTY)
    }

    /// Opens `path`, relative to `folder` when one is given.
    package static func open(_ path: String, in folder: FileDescriptor? = nil, _ access: Access, options: Options = [],
                             permissions: mode_t = 0o644) throws(Errno) -> FileDescriptor {
        let flags = access.flags | options.rawValue | O_CLOEXEC
        // Names are passed through `withCString`: passing a string itself copied it for each call.
        let fd = path.withCString { name in
            folder.map { openat($0.rawValue, name, flags, permissions) } ?? Glibc.open(name, flags, permissions)
        }
        guard fd >= 0 else { throw .current }
        return FileDescriptor(rawValue: fd)
    }

    /// Opens `relative` for reading beneath `folder`: openat2 with `RESOLVE_BENEATH` (a path or
    /// link that would leave the folder fails with `EXDEV`), or, where the kernel has no openat2,
    /// a walk that refuses every symbolic link (`ELOOP`). Non-blocking, so a FIFO cannot stall it.
    package static func openBeneath(_ relative: String, in folder: FileDescriptor) throws(Errno) -> FileDescriptor {
        #if canImport(CLinux)
        let fd = relative.withCString { reliance_open_beneath(folder.rawValue, $0) }
        if fd >= 0 { return FileDescriptor(rawValue: fd) }
        let failure = Errno.current
        guard failure == .notSupported || failure == .notPermitted else { throw failure }
        #endif
        return try openWalking(relative, in: folder)
    }

    /// Opens `relative` one component at a time with `O_NOFOLLOW`: no link is followed anywhere.
    static func openWalking(_ relative: String, in folder: FileDescriptor) throws(Errno) -> FileDescriptor {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let last = parts.last else { throw .noEntry }
        var current = folder
        for part in parts.dropLast() {
            current = try open(part, in: current, .readOnly, options: [.folder, .noFollow])
        }
        return try open(last, in: current, .readOnly, options: [.noFollow, .nonBlocking, .noControllingTerminal])
    }

    /// A file with no name, in the folder `TMPDIR` names (`/tmp` without it), readable only by
    /// this user: created and unlinked at once, so the kernel frees it when its descriptor closes,
    /// also after `kill -9`.
    package static func anonymousFile() throws(Errno) -> FileDescriptor {
        var template = Array("\(temporaryFolder)/reliance-convert-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw .current }
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        return FileDescriptor(rawValue: fd)
    }

    /// The folder temporary files go to: `TMPDIR`, else `/tmp`.
    package static var temporaryFolder: String {
        getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    }

    /// How many descriptors below `bound` this process has open: asked of each number, since a
    /// listing of `/proc/self/fd` would itself need a descriptor the limit may not allow.
    package static func openCount(below bound: Int) -> Int {
        (0..<max(0, bound)).reduce(0) { count, fd in fcntl(Int32(fd), F_GETFD) == -1 ? count : count + 1 }
    }

    /// What `fstat` says of the open file.
    package func status() throws(Errno) -> FileStatus {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw .current }
        return FileStatus(info)
    }

    /// What `fstatat` says of `name` in this folder, without following a link.
    package func status(of name: String) throws(Errno) -> FileStatus {
        var info = stat()
        guard name.withCString({ fstatat(rawValue, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { throw .current }
        return FileStatus(info)
    }

    /// What `stat` says of `path`, following links (the path the user gave).
    package static func status(ofPath path: String) throws(Errno) -> FileStatus {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .current }
        return FileStatus(info)
    }

    /// Reads at the file's position into `buffer`; 0 at the end of the file.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        while true {
            let got = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
            if got >= 0 { return got }
            if errno != EINTR { throw .current }
        }
    }

    /// Reads at `offset` into `buffer`, leaving the file's position alone; 0 at the end of the file.
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Errno) -> Int {
        while true {
            let got = pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset))
            if got >= 0 { return got }
            if errno != EINTR { throw .current }
        }
    }

    /// Fills `buffer` from `offset`, stopping early only at the end of the file.
    /// - Returns: how many bytes were read.
    package func read(filling buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Errno) -> Int {
        var done = 0
        while done < buffer.count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), at: offset + done)
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// One read at `offset` into `bytes` (up to their count); 0 at the end of the file.
    package func read(into bytes: inout [UInt8], from start: Int = 0, at offset: Int) throws(Errno) -> Int {
        try bytes.withUnsafeMutableBytes { raw in
            Result { () throws(Errno) in try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]), at: offset) }
        }.get()
    }

    /// Fills `bytes` from `offset`, stopping early only at the end of the file.
    /// - Returns: how many bytes were read.
    package func read(filling bytes: inout [UInt8], at offset: Int) throws(Errno) -> Int {
        try bytes.withUnsafeMutableBytes { raw in Result { () throws(Errno) in try read(filling: raw, at: offset) } }.get()
    }

    /// Up to `count` bytes from `offset`: fewer only at the end of the file.
    package func read(count: Int, at offset: Int) throws(Errno) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try read(filling: &bytes, at: offset)
        if got < count { bytes.removeSubrange(got...) }
        return bytes
    }

    /// Everything from offset 0 to the end of the file; nil when it holds more than `limit` bytes.
    /// - Parameter sizeHint: the size `status()` gave, to read the file in one call.
    package func readAll(sizeHint: Int = 0, limit: Int = .max) throws(Errno) -> [UInt8]? {
        // One byte past the limit proves the file too large without reading it all.
        let cap = limit == .max ? Int.max : limit + 1
        var bytes = [UInt8](repeating: 0, count: min(max(sizeHint + 1, 4096), cap))
        var done = 0
        while true {
            if done == bytes.count {
                guard done < cap else { return nil }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, cap - bytes.count)))
            }
            let got = try read(into: &bytes, from: done, at: done)
            if got == 0 { break }
            done += got
        }
        guard done <= limit else { return nil }
        bytes.removeSubrange(done...)
        return bytes
    }

    /// Writes all of `bytes` at the file's position (or its end, opened to append).
    package func write(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(rawValue, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .current
            }
            offset += written
        }
    }

    package func write(_ bytes: [UInt8]) throws(Errno) {
        try bytes.withUnsafeBytes { raw in Result { () throws(Errno) in try write(raw) } }.get()
    }

    /// Replaces the whole file with `bytes` (the holder's line of a lock file).
    package func replaceContents(with bytes: [UInt8]) throws(Errno) {
        guard ftruncate(rawValue, 0) == 0 else { throw .current }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { pwrite(rawValue, $0.baseAddress.map { $0 + offset }, $0.count - offset, off_t(offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .current
            }
            offset += written
        }
    }

    /// Flushes what was written to the disk.
    package func sync() throws(Errno) {
        guard fsync(rawValue) == 0 else { throw .current }
    }

    /// Takes the advisory `flock` of the file without waiting: `Errno.wouldBlock` when another holds it.
    package func lockExclusively() throws(Errno) {
        guard flock(rawValue, LOCK_EX | LOCK_NB) == 0 else { throw .current }
    }

    package func unlock() {
        flock(rawValue, LOCK_UN)
    }
}
