import OutputFiles

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

        /// The table hashes one half: it is a hash of the key already, and the table's own hash
        /// of 8 bytes costs less than of 16. Equality still compares both.
        func hash(into hasher: inout Hasher) {
            hasher.combine(sip)
        }
    }

    /// The first row that carried a key, and whether a ZIP was written for the key in this run.
    struct Claim: Equatable {
        /// The row of the original export (`SourceRow.row`), which messages name.
        var row: Int
        var converted: Bool
    }

    private var claims: [Fingerprint: Claim] = [:]

    /// Claims `key` for `row`, hashing the key once: the earlier claim when a row before this one
    /// carried it (which keeps it), nil when the key was free and `row` now holds it.
    mutating func claim(_ key: String, row: Int) -> (fingerprint: Fingerprint, earlier: Claim?) {
        let fingerprint = KeyRegistry.fingerprint(key)
        // One look in the table for the usual free key; a taken one is put back as it was.
        guard let earlier = claims.updateValue(Claim(row: row, converted: false), forKey: fingerprint) else { return (fingerprint, nil) }
        claims[fingerprint] = earlier
        return (fingerprint, earlier)
    }

    /// Records that the ZIP of the key with `fingerprint` was written (or found identical) in this run.
    mutating func markConverted(_ fingerprint: Fingerprint) {
        claims[fingerprint]?.converted = true
    }

    /// Whether this run wrote the ZIP of `key`.
    func wasConverted(_ key: String) -> Bool {
        claims[KeyRegistry.fingerprint(key)]?.converted ?? false
    }

    static func fingerprint(_ key: String) -> Fingerprint {
        var hasher = Hasher()
        hasher.combine(key)
        return Fingerprint(fnv: key.fnv1a, sip: hasher.finalize())
    }
}
