/// How far an entry may inflate: the defence against ZIP bombs every reader of untrusted
/// archives here applies (workbooks, `inspect`).
///
/// An entry may always inflate to `grace` bytes; beyond that, to at most `ratio` times its
/// stored size, the minimum inflate ratio Apache POI enforces for Office files by default. Real
/// workbook parts stay far below it (XML deflates about 5 to 20 to 1). The size an entry's
/// header declares is checked before anything is inflated, and a stream that produces more than
/// it declared stops at once, so neither a lying header nor a small file can make the reader
/// allocate or work without bound.
public enum InflationLimit {
    public static let ratio = 100
    public static let grace = 1 << 20

    /// Throws when `entry` declares more than it may inflate to, or a stored entry's sizes disagree.
    public static func check(_ entry: ZipReader.Entry) throws(ZipError) {
        if entry.method == 0 {
            guard entry.uncompressedSize == entry.compressedSize else {
                throw .corrupt("stored entry \"\(entry.name)\" declares \(entry.uncompressedSize) bytes but holds \(entry.compressedSize)")
            }
            return
        }
        if entry.uncompressedSize > max(grace, entry.compressedSize.multipliedReportingOverflow(by: ratio).partialValue) {
            throw .inflatesTooFar(name: entry.name, size: entry.uncompressedSize, stored: entry.compressedSize)
        }
    }
}
