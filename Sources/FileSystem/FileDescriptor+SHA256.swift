import Crypto

extension FileDescriptor {
    /// The SHA-256 of the file's `size` bytes from offset 0, read in 64 KiB pieces, as lower-case
    /// hex; nil when a read fails or the file ends early. Memory stays one piece whatever the
    /// size: a ZIP holds attachments of up to 4 GiB.
    package func sha256Hex(size: Int) -> String? {
        var hasher = SHA256()
        var piece = [UInt8](repeating: 0, count: 1 << 16)
        var position = 0
        while position < size {
            // The last piece asks for no more than the size: a file that grew is hashed as measured.
            if size - position < piece.count { piece.removeSubrange((size - position)...) }
            guard let got = try? read(into: &piece, at: position), got > 0 else { return nil }
            piece.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            position += got
        }
        return hasher.finalize().map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
