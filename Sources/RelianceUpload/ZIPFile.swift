#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import RelianceKit

/// A ZIP the manifest lists, opened for sending: only a regular file directly in the folder (a
/// symlink is refused when opened, not checked first), whose bytes still have the SHA-256 the
/// manifest recorded. It is hashed through its descriptor and sent from the same descriptor in
/// 64 KiB pieces, so memory never holds a whole ZIP and what is sent is what was checked.
final class ZIPFile: Sendable {
    struct Problem: Error {
        let reason: String
        /// The system's words when the file could not be opened because the process or the system
        /// ran out of file descriptors: the whole run must stop, not only this ZIP.
        var exhaustion: String? = nil
    }

    let fd: Int32
    let size: Int

    private init(fd: Int32, size: Int) {
        self.fd = fd
        self.size = size
    }

    deinit { close(fd) }

    static let pieceSize = 1 << 16

    static func open(_ entry: Manifest.Entry, in directory: String) -> Result<ZIPFile, Problem> {
        guard entry.isPlainName else {
            return .failure(Problem(reason: "manifest.csv names \"\(entry.zip)\" for key \(entry.key), which is not <key>.zip in this folder; not sent"))
        }
        let path = joinedPath(directory, entry.zip)
        let fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            let reason = code == ELOOP ? "is a symbolic link" : String(cString: strerror(code))
            return .failure(Problem(reason: "\(entry.zip) cannot be read: \(reason); not sent",
                                    exhaustion: DescriptorBudget.isExhaustion(code) ? reason : nil))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(Problem(reason: "\(entry.zip) is not a regular file; not sent"))
        }
        let file = ZIPFile(fd: fd, size: Int(info.st_size))
        guard let sha = SHA.sha256Hex(ofFile: fd, size: file.size) else {
            return .failure(Problem(reason: "\(entry.zip) could not be read to its end; not sent"))
        }
        guard sha == entry.sha256 else {
            return .failure(Problem(reason: "\(entry.zip) does not match manifest.csv (SHA-256 \(sha.prefix(12))…, listed \(entry.sha256.prefix(12))…); it changed after the run that listed it; not sent"))
        }
        return .success(file)
    }

    /// The file's bytes as the request body, read afresh for each attempt.
    var pieces: Pieces { Pieces(file: self) }

    struct Pieces: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let file: ZIPFile

        func makeAsyncIterator() -> Iterator { Iterator(file: file) }

        struct Iterator: AsyncIteratorProtocol {
            let file: ZIPFile
            var position = 0

            mutating func next() async throws -> ByteBuffer? {
                guard position < file.size else { return nil }
                var buffer = ByteBuffer()
                let count = Swift.min(ZIPFile.pieceSize, file.size - position)
                let start = position
                let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw -> Int in
                    let read = pread(file.fd, raw.baseAddress, count, off_t(start))
                    guard read > 0 else { throw Problem(reason: "the ZIP ended while it was being sent") }
                    return read
                }
                position += got
                return buffer
            }
        }
    }
}
