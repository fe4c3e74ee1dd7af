import CLibdeflate

/// The CRC-32 that ZIP records for each entry, computed by libdeflate: it folds 64 bytes at a
/// time with carry-less multiplication where the CPU has it (PCLMULQDQ, PMULL), several times
/// as fast as zlib's tables on the attachments and `main.json` of every ZIP.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        _ = crc32Chosen
        value = libdeflate_crc32(value, base, bytes.count)
    }

    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}

/// libdeflate picks its CRC-32 routine for this CPU on its first call and keeps it, and the CPU's
/// features, in globals: two threads making that first call at once both write them (a data race
/// ThreadSanitizer reports). The first call is made here, once, through a global's initializer,
/// which Swift runs exactly once and before any thread reads the global.
private let crc32Chosen: Void = {
    var byte: UInt8 = 0
    _ = libdeflate_crc32(0, &byte, 1)
}()
