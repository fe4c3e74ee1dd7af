#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `fstat` tells of an open file (or `fstatat`, without following a link, of a name).
package struct FileStatus: Sendable {
    /// The kinds of file the tool tells apart.
    package enum Kind: Sendable {
        case regular, folder, symbolicLink, pipe, other
    }

    private let info: stat

    init(_ info: stat) {
        self.info = info
    }

    package var kind: Kind {
        switch info.st_mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .folder
        case S_IFLNK: .symbolicLink
        case S_IFIFO: .pipe
        default: .other
        }
    }

    /// Whether it is a regular file: the only kind the tool reads (a named pipe or a device would
    /// block or never end) or writes over.
    package var isRegularFile: Bool { kind == .regular }

    package var size: Int { Int(info.st_size) }
    /// The device and the inode: two paths with the same identity name one file.
    package var identity: [UInt64] { [UInt64(info.st_dev), UInt64(info.st_ino)] }

    /// The permission bits (`0o600` …).
    package var permissions: UInt32 { UInt32(info.st_mode & 0o7777) }

    package var owner: uid_t { info.st_uid }

    #if canImport(Glibc)
    package var modified: timespec { info.st_mtim }
    package var changed: timespec { info.st_ctim }
    #else
    package var modified: timespec { info.st_mtimespec }
    package var changed: timespec { info.st_ctimespec }
    #endif

    /// What tells that a file changed: its size and its modification and change times, to the nanosecond.
    package var stamp: [Int] {
        [size, modified.tv_sec, modified.tv_nsec, changed.tv_sec, changed.tv_nsec]
    }

    /// Whether it was modified at `time` or later.
    package func isModified(since time: timespec) -> Bool {
        (modified.tv_sec, modified.tv_nsec) >= (time.tv_sec, time.tv_nsec)
    }
}
