import Foundation
import Testing

/// CSV rows and headers of far more fields than any export has: memory and `rejects.csv` stay
/// bounded by the header's width, not by the fields a line holds (each under the 1 MiB record limit).
@Suite("Wide rows", .serialized)
struct WideRowTests {
    typealias E2E = SampleConversionTests

    /// A work folder holding `input.csv` made of `lines`.
    static func folder(_ lines: [String]) throws -> (work: URL, input: URL) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let input = work.appendingPathComponent("input.csv")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: input)
        return (work, input)
    }

    static func sampleLines() throws -> [String] {
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        // CRLF is one Character, a newline like LF.
        return text.split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test("rows of a million empty fields each are rejected in flat memory, and rejects.csv holds no more of them than the header's width")
    func millionFieldRows() throws {
        let sample = try Self.sampleLines()
        let header = sample[0], row = sample[1]
        let wide = row + String(repeating: ";", count: 1_000_000)
        let (work, input) = try Self.folder([header, row] + Array(repeating: wide, count: 40))
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let outcome = try BombTests.measure(["validate", input.path, "--mapping", "mappings/kunden-export.yaml", "--out", out.path,
                                             "--as-of", "2026-01-15"])
        #expect(outcome.status == 1, "\(outcome.output.prefix(2000))")
        #expect(outcome.peakBelow(64), "\(outcome.peakMiB) MiB, \(outcome.cpuSeconds) s of CPU time")
        let rejects = out.appendingPathComponent("rejects.csv")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: rejects.path)[.size] as? Int)
        #expect(size < 256 << 10, "rejects.csv is \(size) bytes")
        let text = try String(contentsOf: rejects, encoding: .utf8)
        let columns = header.split(separator: ";", omittingEmptySubsequences: false).count
        #expect(text.contains("has \(columns + 1_000_000) fields but the header has \(columns)"), "\(text.prefix(3000))")
        #expect(text.contains("and 999995 more"), "\(text.prefix(3000))")
    }

    /// Named padding columns, or empty ones (a million names would not fit in a 1 MiB record).
    @Test("a header wider than Excel's 16,384 columns is refused with exit 2, in flat memory", arguments: [
        (16_385, "Spalte"), (1_000_000, ""),
    ])
    func headerTooWide(_ columns: Int, _ name: String) throws {
        let sample = try Self.sampleLines()
        let padding = (sample[0].split(separator: ";").count..<columns).map { name.isEmpty ? "" : "\(name)\($0)" }
        let header = ([sample[0]] + padding).joined(separator: ";")
        let (work, input) = try Self.folder([header, sample[1]])
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let outcome = try BombTests.measure(["validate", input.path, "--mapping", "mappings/kunden-export.yaml", "--out", out.path,
                                             "--as-of", "2026-01-15"])
        #expect(outcome.status == 2, "\(outcome.output.prefix(2000))")
        #expect(outcome.output.contains("the header has \(columns) columns, more than the 16384 a sheet can hold"),
                "\(outcome.output.prefix(2000))")
        #expect(outcome.peakBelow(64), "\(outcome.peakMiB) MiB, \(outcome.cpuSeconds) s of CPU time")
    }

    @Test("a header of exactly 16,384 columns is read")
    func headerAtTheLimit() throws {
        let sample = try Self.sampleLines()
        let padding = (sample[0].split(separator: ";").count..<16_384).map { "Spalte\($0)" }
        let header = ([sample[0]] + padding).joined(separator: ";")
        let row = sample[1] + String(repeating: ";", count: padding.count)
        let (work, input) = try Self.folder([header, row])
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let outcome = try BombTests.measure(["validate", input.path, "--mapping", "mappings/kunden-export.yaml", "--out", out.path,
                                             "--as-of", "2026-01-15"])
        #expect(outcome.status == 0, "\(outcome.output.prefix(2000))")
    }
}
