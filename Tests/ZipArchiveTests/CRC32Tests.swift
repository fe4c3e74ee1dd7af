import Testing
@testable import ZipArchive

@Suite("CRC-32")
struct CRC32Tests {
    /// The CRC-32 of ZIP (reflected polynomial 0xEDB88320) one bit at a time, as the specification
    /// defines it: slow, and independent of any table or folding.
    private static func bitwise(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        var crc = ~seed
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test("the check value of the specification, and nothing for nothing")
    func checkValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test("every length from 0 to 600 and longer runs, at unaligned offsets, whole and in pieces")
    func agreesWithBitwise() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let lengths = Array(0...600) + [1_023, 1_024, 1_025, 4_096, 65_536, 69_000]
        for length in lengths {
            for offset in [0, 1, 7, 15, 31] where offset + length <= data.count {
                let bytes = Array(data[offset..<offset + length])
                let expected = CRC32Tests.bitwise(bytes)
                // Read in place, at `offset` from the array's start: not aligned as a fresh array is.
                var inPlace = CRC32()
                data.withUnsafeBytes { inPlace.update(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + length])) }
                #expect(inPlace.value == expected, "length \(length), offset \(offset)")
                #expect(CRC32.checksum(bytes) == expected, "length \(length)")
                // Fed in two unequal pieces, as a streamed entry is.
                var pieces = CRC32()
                let cut = length / 3
                pieces.update(bytes[..<cut])
                pieces.update(bytes[cut...])
                #expect(pieces.value == expected, "length \(length) in pieces")
            }
        }
    }
}
