/// Remembers the customer keys of this run's rows, converted or rejected, by a 128-bit
/// fingerprint, so memory stays small for millions of rows (about 32 bytes a key) while two
/// different keys are taken for one only with a chance of about n²/2¹²⁹: FNV-1a and the standard
/// library's SipHash, two unrelated 64-bit hashes.
///
/// Every row with a key claims it, whether or not it converts: two rows under one customer number
/// are a conflict in the export that a person must resolve, whatever else is wrong with either.
struct KeyRegistry {
    struct Fingerprint: Hashable {
        let fnv: UInt64
        let sip: Int
    }

    /// The first row that carried a key, and whether a ZIP was written for the key in this run.
    struct Claim: Equatable {
        /// The row of the original export (`SourceRow.row`), which messages name.
        var row: Int
        var converted: Bool
    }

    private var claims: [Fingerprint: Claim] = [:]

    /// The claim on `key`, if a row of this run carried it.
    func claim(for key: String) -> Claim? {
        claims[KeyRegistry.fingerprint(key)]
    }

    /// Records that `row` carries `key`; the first row keeps the claim.
    mutating func register(_ key: String, row: Int) {
        let fingerprint = KeyRegistry.fingerprint(key)
        if claims[fingerprint] == nil { claims[fingerprint] = Claim(row: row, converted: false) }
    }

    /// Records that the ZIP of `key` was written (or found identical) in this run.
    mutating func markConverted(_ key: String) {
        claims[KeyRegistry.fingerprint(key)]?.converted = true
    }

    /// Whether this run wrote the ZIP of `key`.
    func wasConverted(_ key: String) -> Bool {
        claim(for: key)?.converted ?? false
    }

    static func fingerprint(_ key: String) -> Fingerprint {
        var hasher = Hasher()
        hasher.combine(key)
        return Fingerprint(fnv: key.fnv1a, sip: hasher.finalize())
    }
}
