/// Remembers the customer keys already written in this run, by a 64-bit hash so memory
/// stays small for millions of rows.
struct KeyRegistry {
    private var rows: [UInt64: Int] = [:]

    func firstRow(for key: String) -> Int? {
        rows[KeyRegistry.hash(key)]
    }

    mutating func register(_ key: String, row: Int) {
        rows[KeyRegistry.hash(key)] = row
    }

    /// FNV-1a, stable across runs.
    static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
