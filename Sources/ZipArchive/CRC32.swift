/// The CRC-32 that ZIP records for each entry, computed by zlib.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            value = Zlib.crc32(UnsafeRawBufferPointer(buffer), seed: value)
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { value = Zlib.crc32($0, seed: value) }
        }
    }

    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
