import COpenSSL

/// SHA-1 and SHA-256 over bytes, for name-based UUIDs (RFC 4122 version 5) and the
/// fingerprints in `summary.json` and `manifest.csv`, computed by the system's OpenSSL
/// (libcrypto), which uses the processor's SHA instructions where it has them.
public enum SHA {
    /// Incremental SHA-256, so a large input can be hashed while it streams.
    public final class SHA256Hasher: @unchecked Sendable {
        private let context: OpaquePointer

        public init() {
            guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
                fatalError("OpenSSL cannot start a SHA-256 digest")
            }
            self.context = context
        }

        deinit { EVP_MD_CTX_free(context) }

        public func update(buffer: UnsafeRawBufferPointer) {
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            EVP_DigestUpdate(context, base, buffer.count)
        }

        /// The digest of everything so far; the hasher can go on being updated.
        public func finalize() -> [UInt8] {
            var digest = [UInt8](repeating: 0, count: 32)
            guard let copy = EVP_MD_CTX_new() else { fatalError("OpenSSL cannot copy a digest") }
            defer { EVP_MD_CTX_free(copy) }
            var length: UInt32 = 0
            guard EVP_MD_CTX_copy_ex(copy, context) == 1, EVP_DigestFinal_ex(copy, &digest, &length) == 1 else {
                fatalError("OpenSSL cannot finish a SHA-256 digest")
            }
            return digest
        }
    }

    /// The SHA-256 of `bytes` as lower-case hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(sha256(bytes))
    }

    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        digest(Array(bytes), EVP_sha256(), length: 32)
    }

    public static func sha1(_ message: [UInt8]) -> [UInt8] {
        digest(message, EVP_sha1(), length: 20)
    }

    private static func digest(_ bytes: [UInt8], _ type: OpaquePointer?, length: Int) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: length)
        var written: UInt32 = 0
        let result = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &written, type, nil) }
        guard result == 1, Int(written) == length else { fatalError("OpenSSL cannot compute a digest") }
        return digest
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An RFC 4122 version-5 UUID of `name` in `namespace` (lower-case, hyphenated).
    public static func uuid5(namespace: [UInt8], name: String) -> String {
        var digest = sha1(namespace + Array(name.utf8))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hexText = hex(Array(digest.prefix(16)))
        let chars = Array(hexText)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    /// The RFC 4122 URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    public static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]
}
