import FileSystem
import NIOCore
import OutputFiles

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

    let file: FileSystem.FileDescriptor
    let size: Int

    private init(file: FileSystem.FileDescriptor, size: Int) {
        self.file = file
        self.size = size
    }

    static let pieceSize = 1 << 16

    static func open(_ entry: Manifest.Entry, in folder: FolderHandle) -> Result<ZIPFile, Problem> {
        guard entry.isPlainName else {
            return .failure(Problem(reason: "manifest.csv names \"\(entry.zip)\" for key \(entry.key), which is not <key>.zip in this folder; not sent"))
        }
        let opened: FileSystem.FileDescriptor
        do {
            opened = try folder.openFile(entry.zip)
        } catch {
            let reason = error == .tooManyLinks ? "is a symbolic link" : error.description
            return .failure(Problem(reason: "\(entry.zip) cannot be read: \(reason); not sent",
                                    exhaustion: DescriptorBudget.isExhaustion(error.code) ? reason : nil))
        }
        guard let info = try? opened.status(), info.isRegularFile else {
            return .failure(Problem(reason: "\(entry.zip) is not a regular file; not sent"))
        }
        let file = ZIPFile(file: opened, size: info.size)
        guard let sha = opened.sha256Hex(size: file.size) else {
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
                    let read = try? file.file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]), at: start)
                    guard let read, read > 0 else { throw Problem(reason: "the ZIP ended while it was being sent") }
                    return read
                }
                position += got
                return buffer
            }
        }
    }
}
