extension String {
    /// Whether every UTF-8 byte satisfies `predicate`, checked over the bytes in place. A native
    /// string's bytes are contiguous; walking `utf8` through its generic index instead cost
    /// several times as much in the checks every value of every row goes through.
    func allBytes(_ predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy(predicate) } ?? utf8.allSatisfy(predicate)
    }

    /// Whether any UTF-8 byte satisfies `predicate`, checked like `allBytes`.
    func anyByte(_ predicate: (UInt8) -> Bool) -> Bool {
        !allBytes { !predicate($0) }
    }
}
