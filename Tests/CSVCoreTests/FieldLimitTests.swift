import Foundation
import Testing
@testable import CSVCore

/// `CSVReader.maxFields`: a record keeps that many fields and counts the rest, so a line of many
/// delimiters costs no more memory than one of `maxFields` fields.
@Suite("Field limit")
struct FieldLimitTests {
    /// Every record of `text` read with `maxFields` 3: kept fields, every field counted, problem.
    static func read(_ text: String, chunkSize: Int) throws -> [(fields: [String], fieldCount: Int, problem: CSVProblem?)] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(path: url.path, delimiter: UInt8(ascii: ";"), chunkSize: chunkSize)
        reader.maxFields = 3
        var record = CSVRecord()
        var out: [(fields: [String], fieldCount: Int, problem: CSVProblem?)] = []
        while try reader.next(into: &record) {
            #expect(record.count <= 3)
            out.append((record.fields.map { String(decoding: $0, as: UTF8.self) }, record.fieldCount, record.problem))
        }
        return out
    }

    @Test("fields past the limit are counted, not kept, and the next record starts afresh", arguments: chunkSizes)
    func counted(chunkSize: Int) throws {
        let records = try Self.read("a;b;c;d;e\n1;\"2\";3;\"4;x\";;\n;;;;;;;;\nx;y\n", chunkSize: chunkSize)
        try #require(records.count == 4)
        #expect(records[0].fields == ["a", "b", "c"] && records[0].fieldCount == 5)
        #expect(records[1].fields == ["1", "2", "3"] && records[1].fieldCount == 6)
        #expect(records[2].fields == ["", "", ""] && records[2].fieldCount == 9)
        #expect(records[3].fields == ["x", "y"] && records[3].fieldCount == 2)
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test("a line re-read after a runaway quote keeps the same fields and counts the rest", arguments: chunkSizes)
    func runawayQuote(chunkSize: Int) throws {
        let records = try Self.read("a;b;c\n1;\"broken;x;y;z\n2;y;z\n", chunkSize: chunkSize)
        try #require(records.count == 3)
        #expect(records[1].problem == .unterminatedQuote(line: 2, column: 3))
        #expect(records[1].fields == ["1", "\"broken", "x"] && records[1].fieldCount == 5)
        #expect(records[2].fields == ["2", "y", "z"] && records[2].fieldCount == 3)
    }

    @Test("a million empty fields keep three and count the rest, in one record", arguments: [1 << 16])
    func million(chunkSize: Int) throws {
        let records = try Self.read(String(repeating: ";", count: 999_999) + "\nx\n", chunkSize: chunkSize)
        try #require(records.count == 2)
        #expect(records[0].fields == ["", "", ""] && records[0].fieldCount == 1_000_000)
        #expect(records[1].fieldCount == 1)
    }
}
