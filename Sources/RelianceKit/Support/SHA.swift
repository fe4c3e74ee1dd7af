import Crypto

/// SHA-1 and SHA-256 over bytes, for name-based UUIDs (RFC 4122 version 5) and the
/// fingerprints in `summary.json` and `manifest.csv`, computed by swift-crypto (already in the
/// dependency graph through the HTTP client), so no system crypto library is needed.
package enum SHA {
    /// Incremental SHA-256, so a large input can be hashed while it streams. One thread at a time.
    package final class SHA256Hasher {
        private var hasher = SHA256()

        package init() {}

        package func update(buffer: UnsafeRawBufferPointer) {
            guard !buffer.isEmpty else { return }
            hasher.update(bufferPointer: buffer)
        }

        /// The digest of everything so far as lower-case hex, written straight from the digest;
        /// the hasher can go on being updated.
        package func finalizeHex() -> String {
            let copy = hasher
            return copy.finalize().withUnsafeBytes { SHA.hex($0) }
        }
    }

    /// The SHA-256 of `bytes` as lower-case hex.
    package static func sha256Hex(_ bytes: [UInt8]) -> String {
        hex(sha256(bytes))
    }

    package static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: Array(bytes)))
    }

    package static func sha1(_ message: [UInt8]) -> [UInt8] {
        Array(Insecure.SHA1.hash(data: message))
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex of `bytes`, made as one string: a hash is shown for every ZIP.
    package static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = hexDigit(byte >> 4)
                buffer[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    /// The lower-case hex digit of `value` (0–15).
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// An RFC 4122 version-5 UUID of `name` in `namespace` (lower-case, hyphenated).
    package static func uuid5(namespace: [UInt8], name: String) -> String {
        var digest = sha1(namespace + Array(name.utf8))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hexText = hex(Array(digest.prefix(16)))
        let chars = Array(hexText)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    /// The RFC 4122 URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    package static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]
}
