#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock every command that changes or sends a folder holds while it works: an advisory
/// `flock` on `.reliance-convert.lock` in the folder, so a `convert` writing ZIPs and an `upload`
/// sending them, or two of either, never run on one folder at once.
///
/// The kernel releases the lock when its holder dies, so a lock left by a killed run is taken
/// over without guessing from timestamps. The file names the holder (pid, what it does, when it
/// started) for the message a refused run prints.
package final class FolderLock {
    package static let name = ".reliance-convert.lock"

    /// Why the lock was not taken.
    package enum Failure: Error {
        /// The lock file is a symbolic link or not a regular file (a usage problem: remove it).
        case unusable(String)
        /// The lock file could not be opened.
        case io(WriteError)
        /// Another live run holds it; `holder` is what that run wrote there.
        case held(holder: String)
    }

    private let descriptor: Int32

    /// Takes the lock of `folder` without waiting, and writes `holder` into the file.
    package init(_ folder: FolderHandle, holder: String) throws(Failure) {
        let lockPath = folder.shown(FolderLock.name)
        // Never through a link: a symlink planted as the lock would have its target truncated.
        let fd = openat(folder.fd, FolderLock.name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == ELOOP { throw .unusable("\(lockPath) is a symbolic link; remove it (the tool never writes through links)") }
            throw .io(.fromErrno(lockPath))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .unusable("\(lockPath) is not a regular file; remove it")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            // Only "another holds it" is a held lock; anything else (no locks on this file system) is I/O.
            guard error == EWOULDBLOCK else {
                close(fd)
                throw .io(WriteError(path: lockPath, reason: "cannot be locked: \(String(cString: strerror(error)))"))
            }
            let holder = FolderLock.readHolder(fd)
            close(fd)
            throw .held(holder: holder)
        }
        let text = Array("\(holder)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readHolder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let text = got > 0 ? String(decoding: buffer[0..<got], as: UTF8.self) : ""
        let trimmed = text.split(separator: "\n").first.map(String.init) ?? ""
        return trimmed.isEmpty ? "another run" : trimmed
    }
}
