#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files through descriptors the caller opened (and checked), so what is read is the
/// file that was checked: the one place that loops over `read` until the end of a file.
package enum FileBytes {
    /// Everything from offset 0 of `fd` to its end, or nil when a read fails.
    /// - Parameters:
    ///   - sizeHint: the size `fstat` gave, to read the file in one call.
    ///   - limit: the most bytes accepted; nil (with `tooLarge` true) when the file holds more.
    package static func read(_ fd: Int32, sizeHint: Int = 0, limit: Int = .max) -> (bytes: [UInt8]?, tooLarge: Bool) {
        // One byte past the limit proves the file too large without reading it all.
        let cap = limit == .max ? Int.max : limit + 1
        var bytes = [UInt8](repeating: 0, count: min(max(sizeHint + 1, 4096), cap))
        var done = 0
        while true {
            if done == bytes.count {
                guard done < cap else { return (nil, true) }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, cap - bytes.count)))
            }
            let got = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + done, raw.count - done, off_t(done))
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return (nil, false) }
            if got == 0 { break }
            done += got
        }
        guard done <= limit else { return (nil, true) }
        bytes.removeSubrange(done...)
        return (bytes, false)
    }
}
