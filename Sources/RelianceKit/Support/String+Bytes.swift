extension String {
    /// Whether every UTF-8 byte satisfies `predicate`, checked over the bytes in place
    /// (`withUTF8`). Walking `utf8` through its generic index instead cost several times as much
    /// in the checks every value of every row goes through.
    func allBytes(_ predicate: (UInt8) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { $0.allSatisfy(predicate) }
    }

    /// Whether any UTF-8 byte satisfies `predicate`, checked like `allBytes`.
    func anyByte(_ predicate: (UInt8) -> Bool) -> Bool {
        !allBytes { !predicate($0) }
    }

    /// FNV-1a (64 bits) over the UTF-8 bytes: stable across runs and processes, unlike `hashValue`.
    var fnv1a: UInt64 {
        var text = self
        return text.withUTF8 { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
            }
            return hash
        }
    }
}
