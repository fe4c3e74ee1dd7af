import Foundation
import Testing
@testable import CSVCore
@testable import RelianceKit

/// A small deterministic generator, so a failing case can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Damages bytes the way broken exports are damaged: cut, flipped, inserted, deleted.
func damage(_ bytes: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
    var data = bytes
    switch rng.next() % 5 {
    case 0:
        data = Array(data.prefix(Int(rng.next() % UInt64(data.count + 1))))
    case 1:
        for _ in 0..<(1 + rng.next() % 40) where !data.isEmpty { data[Int(rng.next() % UInt64(data.count))] = UInt8(truncatingIfNeeded: rng.next()) }
    case 2:
        let specials: [UInt8] = [0x22, 0x3B, 0x0D, 0x0A, 0x09, 0x2C, 0x00, 0xFF, 0xC3, 0x3C, 0x26]
        for _ in 0..<(1 + rng.next() % 20) {
            data.insert(specials[Int(rng.next() % UInt64(specials.count))], at: Int(rng.next() % UInt64(data.count + 1)))
        }
    case 3:
        if !data.isEmpty {
            let start = Int(rng.next() % UInt64(data.count))
            data.removeSubrange(start..<min(data.count, start + Int(rng.next() % 500)))
        }
    default:
        data = (0..<(rng.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }
    return data
}

@Suite("Randomized inputs")
struct RandomizedInputTests {
    static let seeds: [UInt64] = Array(1...8)

    @Test("damaged CSV never traps: every record is delivered or the file is refused", arguments: seeds)
    func csv(_ seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let sample = try [UInt8](Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples/kunden-export.csv")))
        for _ in 0..<60 {
            let bytes = damage(sample, &rng)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString).csv")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let chunk = [1, 13, 4096][Int(rng.next() % 3)]
            let reader = try CSVReader(path: url.path, chunkSize: chunk, maxRecordBytes: 2048)
            var record = CSVRecord()
            var count = 0
            var lastLine = 0
            while try reader.next(into: &record) {
                count += 1
                #expect(record.line > lastLine, "lines must advance")
                lastLine = record.line
                #expect(count < 100_000)
            }
        }
    }

    @Test("damaged workbooks and mappings end in rows or a ConvertError", arguments: seeds)
    func workbookAndMapping(_ seed: UInt64) throws {
        var rng = SplitMix(state: seed)
        let workbook = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try fixturePath("workbooks/openpyxl-features.xlsx"))))
        let mapping = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try fixturePath("full-mapping.yaml"))))
        for _ in 0..<40 {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(damage(workbook, &rng)).write(to: url)
            do {
                let source = try XLSXRowSource(path: url.path, input: InputSettings(sheet: "Kunden"))
                while try source.next() != nil {}
            } catch {
                #expect(!error.description.isEmpty)
            }
            try Data(damage(mapping, &rng)).write(to: url)
            do {
                _ = try MappingFile(path: url.path).bind(header: fullHeader)
            } catch {
                #expect(!error.diagnostics.isEmpty)
            }
        }
    }
}
