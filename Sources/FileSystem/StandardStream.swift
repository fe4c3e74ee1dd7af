#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error: descriptors the process was started with, never opened or
/// closed here.
package enum StandardStream {
    /// Writes `bytes` to the descriptor `rawValue` (`STDOUT_FILENO`, `STDERR_FILENO`) unbuffered,
    /// retrying on `EINTR`; a closed pipe or a full disk ends the write silently, since there is
    /// nowhere left to say so.
    package static func write(_ bytes: [UInt8], to rawValue: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
