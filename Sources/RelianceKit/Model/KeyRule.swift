/// What makes a key (the customer's, and each sub-object's): the import's own rule, read by the
/// row evaluator for keys it builds or reads, and by the payload reader for keys it checks.
enum KeyRule {
    static let maxLength = 128

    /// Why `key` cannot be a key: 1–128 of letters, digits, `_`, `-`, `.`, not starting with `.`.
    static func problem(_ key: String) -> String? {
        let bytes = key.utf8
        guard (1...maxLength).contains(bytes.count) else { return "must have 1 to 128 characters, not \(bytes.count)" }
        guard bytes.first != 0x2E else { return "must not start with \".\"" }
        let allowed = { (b: UInt8) in (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F || b == 0x2D || b == 0x2E }
        guard key.allBytes(allowed) else {
            return "may hold only letters A–Z, digits, \"_\", \"-\" and \".\""
        }
        return nil
    }
}
