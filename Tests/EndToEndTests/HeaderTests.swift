import Foundation
import TestSupport
import Testing

/// Headers as real programs write them: Excel's `sep=` line and trailing delimiter, DATEV's
/// metadata line above the header and its repeated filler columns. With a mapping, the header is
/// the row that holds its columns.
@Suite("Headers real programs write", .serialized)
struct HeaderTests {
    typealias E2E = SampleConversionTests
    typealias Over = RunsOverTimeTests

    /// The sample rewritten line by line by a Python expression over `line` (header included,
    /// `i` its index), with `prefix` lines put before it.
    static func rewritten(_ work: URL, name: String, prefix: String = "", line expression: String) throws -> URL {
        let output = work.appendingPathComponent(name)
        let script = """
        import sys
        lines = open(sys.argv[1], encoding='utf-8', newline='').read().split('\\r\\n')
        lines = [l for l in lines if l]
        out = [eval(sys.argv[3], {'line': l, 'i': i}) for i, l in enumerate(lines)]
        open(sys.argv[2], 'w', encoding='utf-8', newline='').write(sys.argv[4] + '\\r\\n'.join(out) + '\\r\\n')
        """
        let made = try runTool("/usr/bin/env", ["python3", "-c", script, Over.sample.path, output.path, expression, prefix])
        try #require(made.status == 0, "\(made.output)")
        return output
    }

    /// ZIP names and bytes of a folder.
    static func zipBytes(_ out: URL) throws -> [String: Data] {
        var zips: [String: Data] = [:]
        for name in try Over.zips(out) { zips[name] = try Data(contentsOf: out.appendingPathComponent(name)) }
        return zips
    }

    @Test("Excel's sep= line and a trailing delimiter on every line: the empty last header cell is left out and noted, every ZIP as from the plain export")
    func trailingDelimiter() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let excel = try Self.rewritten(work, name: "excel.csv", prefix: "sep=;\r\n", line: "line + ';'")
        let plain = try E2E.convert(input: Over.sample.path, out: work.appendingPathComponent("plain"))
        let run = try E2E.convert(input: excel.path, out: work.appendingPathComponent("excel"))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try Self.zipBytes(run.out) == Self.zipBytes(plain.out))
        let summary = try RetiringTests.summary(run.out)
        #expect((summary["input"] as? [String: Any])?["emptyColumnsIgnored"] as? Int == 1)
    }

    @Test("a DATEV-style file: a metadata line above the header and repeated filler columns the mapping does not read")
    func datevStyle() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let datev = try Self.rewritten(work, name: "datev.csv",
                                       prefix: "\"EXTF\";700;16;\"Debitoren/Kreditoren\";5;20250301;;\"RC\";;;;\r\n",
                                       line: "line + (';Leerfeld;Leerfeld;' if i == 0 else ';;;')")
        let plain = try E2E.convert(input: Over.sample.path, out: work.appendingPathComponent("plain"))
        let run = try E2E.convert(input: datev.path, out: work.appendingPathComponent("datev"))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try Self.zipBytes(run.out) == Self.zipBytes(plain.out))
        let input = try #require(try RetiringTests.summary(run.out)["input"] as? [String: Any])
        #expect(input["headerRow"] as? Int == 2)
        #expect(input["rowsAboveHeader"] as? Int == 1)
    }

    @Test("a mapping that reads a column the header names twice stops, naming both columns")
    func repeatedColumnRead() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        // `Vorname` twice: the mapping reads it, so it cannot tell which.
        let twice = try Self.rewritten(work, name: "twice.csv", line: "line + (';Vorname' if i == 0 else ';X')")
        let run = try E2E.convert(input: twice.path, out: work.appendingPathComponent("out"))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the header names \"Vorname\" twice (columns 5 and 46)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("out").path))
    }
}
