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
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var hasher = Hasher()
        hasher.combine(key)
        return Fingerprint(fnv: fnv, sip: hasher.finalize())
    }
}
