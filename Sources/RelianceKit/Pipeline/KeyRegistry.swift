/// Remembers the customer keys already written in this run by a 128-bit fingerprint, so memory
/// stays small for millions of rows (24 bytes a key) while two different keys are taken for one
/// only with a chance of about n²/2¹²⁹: FNV-1a and the standard library's SipHash, two unrelated
/// 64-bit hashes.
struct KeyRegistry {
    struct Fingerprint: Hashable {
        let fnv: UInt64
        let sip: Int
    }

    private var rows: [Fingerprint: Int] = [:]

    func firstRow(for key: String) -> Int? {
        rows[KeyRegistry.fingerprint(key)]
    }

    mutating func register(_ key: String, row: Int) {
        rows[KeyRegistry.fingerprint(key)] = row
    }

    static func fingerprint(_ key: String) -> Fingerprint {
        var hasher = Hasher()
        hasher.combine(key)
        return Fingerprint(fnv: key.fnv1a, sip: hasher.finalize())
    }
}
