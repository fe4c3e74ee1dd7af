import Foundation
import Testing
@testable import CSVCore

/// What a reader produced for one input, in a form easy to compare.
struct ReadRecord: Equatable, CustomStringConvertible {
    var fields: [String]
    var number: Int
    var line: Int
    var problem: CSVProblem?

    var description: String { "#\(number)@\(line) \(fields) \(problem.map { "\($0)" } ?? "")" }
}

func readAll(_ text: String, delimiter: UInt8? = nil, chunkSize: Int, maxRecordBytes: Int = 1 << 20) throws -> (records: [ReadRecord], reader: CSVReader) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let reader = try CSVReader(path: url.path, delimiter: delimiter, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
    var record = CSVRecord()
    var out: [ReadRecord] = []
    while try reader.next(into: &record) {
        out.append(ReadRecord(fields: record.fields.map { String(decoding: $0, as: UTF8.self) },
                              number: record.number, line: record.line, problem: record.problem))
    }
    return (out, reader)
}

/// Chunk sizes every case runs at: a record may be cut anywhere.
let chunkSizes = [1, 2, 3, 5, 7, 64, 1 << 16]

struct CSVCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let expected: [[String]]
    let lines: [Int]
    var testDescription: String { name }
}

@Suite("CSV reader")
struct CSVReaderTests {
    static let cases: [CSVCase] = [
        CSVCase(name: "plain LF rows", input: "a;b\n1;2\n3;4\n", expected: [["a", "b"], ["1", "2"], ["3", "4"]], lines: [1, 2, 3]),
        CSVCase(name: "CRLF rows", input: "a;b\r\n1;2\r\n", expected: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        CSVCase(name: "CR-only rows", input: "a;b\r1;2\r3;4", expected: [["a", "b"], ["1", "2"], ["3", "4"]], lines: [1, 2, 3]),
        CSVCase(name: "no final line end", input: "a;b\n1;2", expected: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        CSVCase(name: "empty fields", input: "a;b;c\n;;\n1;;\n", expected: [["a", "b", "c"], ["", "", ""], ["1", "", ""]], lines: [1, 2, 3]),
        CSVCase(name: "quoted delimiter and doubled quotes", input: "a;b\n\"x;y\";\"say \"\"hi\"\"\"\n",
                expected: [["a", "b"], ["x;y", "say \"hi\""]], lines: [1, 2]),
        CSVCase(name: "CRLF inside quotes keeps the record and counts lines", input: "a;b\n\"one\r\ntwo\";x\n3;4\n",
                expected: [["a", "b"], ["one\r\ntwo", "x"], ["3", "4"]], lines: [1, 2, 4]),
        CSVCase(name: "blank lines are skipped but counted", input: "a;b\n\n1;2\r\n\r\n3;4\n",
                expected: [["a", "b"], ["1", "2"], ["3", "4"]], lines: [1, 3, 5]),
        CSVCase(name: "BOM is stripped", input: "\u{FEFF}a;b\n1;2\n", expected: [["a", "b"], ["1", "2"]], lines: [1, 2]),
        CSVCase(name: "quoted empty field", input: "a;b\n\"\";2\n", expected: [["a", "b"], ["", "2"]], lines: [1, 2]),
        CSVCase(name: "quote inside unquoted field is text", input: "a;b\n5\" disk;2\n", expected: [["a", "b"], ["5\" disk", "2"]], lines: [1, 2]),
        CSVCase(name: "multi-byte UTF-8", input: "Straße;Ort\nMüllerstraße 5;Köln\n",
                expected: [["Straße", "Ort"], ["Müllerstraße 5", "Köln"]], lines: [1, 2]),
    ]

    @Test("reads each case the same at every chunk size", arguments: cases, chunkSizes)
    func readsCase(_ example: CSVCase, chunkSize: Int) throws {
        let (records, _) = try readAll(example.input, chunkSize: chunkSize)
        #expect(records.map(\.fields) == example.expected)
        #expect(records.map(\.line) == example.lines)
        #expect(records.map(\.number) == Array(1...example.expected.count))
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test("detects the delimiter from the header", arguments: [
        ("a;b;c\n1;2;3\n", UInt8(ascii: ";")), ("a,b,c\n1,2,3\n", UInt8(ascii: ",")),
        ("a\tb\tc\n1\t2\t3\n", UInt8(ascii: "\t")), ("a|b|c\n1|2|3\n", UInt8(ascii: "|")),
        ("\"x;y\",b,c\n", UInt8(ascii: ",")), ("single\n1\n", UInt8(ascii: ",")),
    ])
    func detectsDelimiter(_ input: String, expected: UInt8) throws {
        let (_, reader) = try readAll(input, chunkSize: 64)
        #expect(reader.delimiter == expected)
    }

    @Test("an explicit delimiter overrides detection")
    func explicitDelimiter() throws {
        let (records, reader) = try readAll("a;b,c\n1;2,3\n", delimiter: UInt8(ascii: ","), chunkSize: 64)
        #expect(reader.delimiter == UInt8(ascii: ","))
        #expect(records[1].fields == ["1;2", "3"])
    }

    @Test("honours and skips Excel's sep= line", arguments: chunkSizes)
    func separatorLine(chunkSize: Int) throws {
        let (records, reader) = try readAll("sep=|\r\na|b\r\n1|2\r\n", chunkSize: chunkSize)
        #expect(reader.delimiter == UInt8(ascii: "|"))
        #expect(reader.hasSeparatorLine)
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(records.map(\.line) == [2, 3])
    }

    @Test("a quote that never closes rejects its line and the rows after it survive", arguments: chunkSizes)
    func runawayQuote(chunkSize: Int) throws {
        let input = "a;b;c\n1;\"broken;x\n2;y;z\n3;\"ok\";w\n"
        let (records, _) = try readAll(input, chunkSize: chunkSize)
        try #require(records.count == 4)
        #expect(records[1].problem == .unterminatedQuote(line: 2, column: 3))
        #expect(records[1].fields == ["1", "\"broken", "x"])
        #expect(records[1].line == 2)
        #expect(records[2].fields == ["2", "y", "z"])
        #expect(records[2].line == 3)
        #expect(records[3].fields == ["3", "ok", "w"])
        #expect(records[3].line == 4)
        #expect(records.map(\.number) == [1, 2, 3, 4])
    }

    @Test("a runaway quote in the last line ends the file cleanly", arguments: chunkSizes)
    func runawayQuoteAtEnd(chunkSize: Int) throws {
        let (records, _) = try readAll("a;b\n1;\"open", chunkSize: chunkSize)
        try #require(records.count == 2)
        #expect(records[1].problem == .unterminatedQuote(line: 2, column: 3))
        #expect(records[1].fields == ["1", "\"open"])
    }

    @Test("text after a closing quote is reported", arguments: chunkSizes)
    func textAfterQuote(chunkSize: Int) throws {
        let (records, _) = try readAll("a;b\n\"abc\"def;2\n", chunkSize: chunkSize)
        #expect(records[1].problem == .textAfterClosingQuote(line: 2, column: 6))
        #expect(records[1].fields == ["abcdef", "2"])
    }

    @Test("a record over the size limit is cut and the next record is read", arguments: [1, 7, 64])
    func recordTooLong(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 100)
        let (records, _) = try readAll("a;b\n\(long);1\n2;3\n", chunkSize: chunkSize, maxRecordBytes: 50)
        try #require(records.count == 3)
        #expect(records[1].problem == .recordTooLong(limit: 50))
        #expect(records[2].fields == ["2", "3"])
        #expect(records[2].line == 3)
    }

    @Test("a quoted field over the size limit is a runaway quote", arguments: [1, 64])
    func quotedTooLong(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 100)
        let (records, _) = try readAll("a;b\n\"\(long)\";1\n2;3\n", chunkSize: chunkSize, maxRecordBytes: 50)
        #expect(records[1].problem == .unterminatedQuote(line: 2, column: 1))
        #expect(records.last?.fields == ["2", "3"])
    }

    @Test("long runs of field bytes read as byte by byte: the same records, lines, problems and cuts at the limit",
          arguments: [7, 64, 1 << 16])
    func runsMatchBytes(chunkSize: Int) throws {
        // Random text over the bytes that matter (delimiter, quotes, line ends) and runs of plain
        // text; read in one-byte chunks, every field is copied a byte at a time.
        var generator = SystemRandomNumberGenerator()
        let pieces = [";", "\"", "\n", "\r\n", "\r", "x", "ab", "Müller", String(repeating: "y", count: 40), "\"\"", " "]
        for _ in 0..<40 {
            let text = (0..<300).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for limit in [30, 1 << 20] {
                let bytewise = try readAll(text, delimiter: UInt8(ascii: ";"), chunkSize: 1, maxRecordBytes: limit).records
                let runs = try readAll(text, delimiter: UInt8(ascii: ";"), chunkSize: chunkSize, maxRecordBytes: limit).records
                #expect(runs == bytewise, "\(text.debugDescription), limit \(limit)")
            }
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        #expect(throws: CSVReadError.self) { try CSVReader(path: "/nonexistent/file.csv") }
    }

    @Test("memory does not grow with the input: the record buffer is reused")
    func reusesBuffer() throws {
        let rows = (0..<5000).map { "\($0);value \($0)" }.joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
        try Data(("a;b\n" + rows).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try CSVReader(path: url.path, chunkSize: 4096)
        var record = CSVRecord()
        var capacity = 0
        var count = 0
        while try reader.next(into: &record) {
            count += 1
            if count == 10 { capacity = record.bytes.capacity }
        }
        #expect(count == 5001)
        #expect(record.bytes.capacity <= max(capacity, 64))
    }

    @Test("only regular files are read: a named pipe is refused at once, and a link when links are not followed")
    func regularFilesOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("pipe.csv")
        try #require(mkfifo(pipe.path, 0o600) == 0)
        #expect(throws: CSVReadError.self) { _ = try CSVReader(path: pipe.path) }
        let file = folder.appendingPathComponent("real.csv")
        try Data("a;b\r\n1;2\r\n".utf8).write(to: file)
        let link = folder.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(throws: CSVReadError.self) { _ = try CSVReader(path: link.path, followingLinks: false) }
        _ = try CSVReader(path: link.path)
    }
}
