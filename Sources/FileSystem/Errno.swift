#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call's failure: its `errno`, taken at once (later work may set `errno` again), and the
/// system's words for it. Messages quote `description`, built here from the code and nowhere else.
package struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    package let code: Int32

    package init(_ code: Int32) {
        self.code = code
    }

    /// The failure the last system call left in `errno`.
    package static var current: Errno { Errno(errno) }

    /// The system's words, as `strerror` gives them ("No such file or directory").
    package var description: String { String(cString: strerror(code)) }

    package static let noEntry = Errno(ENOENT)
    package static let exists = Errno(EEXIST)
    package static let tooManyLinks = Errno(ELOOP)
    package static let notFolder = Errno(ENOTDIR)
    package static let wouldBlock = Errno(EWOULDBLOCK)
    package static let crossesDevice = Errno(EXDEV)
    package static let accessDenied = Errno(EACCES)
    package static let notPermitted = Errno(EPERM)
    package static let notSupported = Errno(ENOSYS)
    package static let invalid = Errno(EINVAL)
}
