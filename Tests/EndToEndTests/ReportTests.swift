import Foundation
import TestSupport
import Testing

@Suite("report.html", .serialized)
struct ReportTests {
    typealias E2E = SampleConversionTests
    typealias Runs = RunsOverTimeTests

    @Test("the report names fields and error codes, draws charts, and escapes input")
    func report() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The sample with a script in a cell that is rejected (an unknown nationality).
        var text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: ";Atlantis;", with: ";<script>alert('x')</script>;")
        let input = folder.appendingPathComponent("export.csv")
        try Data(text.utf8).write(to: input)
        let run = try E2E.convert(input: input.path, out: folder.appendingPathComponent("out"))
        #expect(run.status == 1)
        let html = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("person.birthDate"))
        #expect(html.contains("unknown-country"))
        #expect(html.contains("invalid-iban"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""), "no network resources")
        #expect(!html.contains("src="))
    }

    /// How many rows and errors `rejects.csv` holds per error code and per field (list positions
    /// folded, `[1]` → `[]`), read from its `_errors` column.
    static func tally(_ rejects: [[String: String]]) throws -> (byCode: [String: (rows: Int, errors: Int)], byField: [String: (rows: Int, errors: Int)]) {
        let pattern = try Regex(#"^(\S+) \[([a-z0-9-]+)\] "#)
        var byCode: [String: (rows: Int, errors: Int)] = [:]
        var byField: [String: (rows: Int, errors: Int)] = [:]
        for row in rejects {
            var codes = Set<String>()
            var fields = Set<String>()
            for error in (row["_errors"] ?? "").components(separatedBy: " | ") {
                let match = try #require(try pattern.firstMatch(in: error), "\(error)")
                let field = String(match.output[1].substring ?? "").replacing(try Regex(#"\[[0-9]+\]"#), with: "[]")
                let code = String(match.output[2].substring ?? "")
                byCode[code, default: (0, 0)].errors += 1
                byField[field, default: (0, 0)].errors += 1
                if codes.insert(code).inserted { byCode[code, default: (0, 0)].rows += 1 }
                if fields.insert(field).inserted { byField[field, default: (0, 0)].rows += 1 }
            }
        }
        return (byCode, byField)
    }

    static func amount(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    @Test("bars and counts are rows, a row counted once per code and once per field, with its errors beside them")
    func barsCountRows() throws {
        let work = try Runs.work()
        defer { try? FileManager.default.removeItem(at: work) }
        // Customer 10000 keeps only its id: many missing values in one row. Customer 10001 has two
        // damaged phone numbers: two errors of one code, at one field once positions are folded.
        let header = try #require(try String(contentsOf: Runs.sample, encoding: .utf8).split(whereSeparator: \.isNewline).first)
            .split(separator: ";").map(String.init)
        let emptied = Dictionary(uniqueKeysWithValues: header.dropFirst().map { ($0, "") })
        let input = work.appendingPathComponent("export.csv")
        try Runs.edited(Runs.sample, to: input, changes: ["10000": emptied, "10001": ["Telefon": "4.9170E+11", "Telefon2": "1.2345E+10"]])
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"))
        #expect(run.status == 1, "\(run.stderr)")
        let rejects = try Runs.rejects(run.out)
        let (byCode, byField) = try Self.tally(rejects)
        let missing = try #require(byCode["missing-value"])
        #expect(missing.errors > 10 && missing.rows == 2, "the emptied row and the sample's own: \(missing)")
        // With the sample's own damaged phone number: three errors in two rows.
        let phones = try #require(byField["person.phonePriv[]"])
        #expect(phones.rows == 2 && phones.errors == 3, "\(phones)")

        let summary = try Runs.summary(run.out)
        #expect(summary["rejectedByCode"] as? [String: Int] == byCode.mapValues(\.rows))
        #expect(summary["rejectedByField"] as? [String: Int] == byField.mapValues(\.rows))
        #expect(summary["errorsByCode"] as? [String: Int] == byCode.mapValues(\.errors))
        #expect(summary["errorsByField"] as? [String: Int] == byField.mapValues(\.errors))

        let html = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains(">\(missing.errors) errors in 2 rows</text>"), "the bar is rows, the errors beside it")
        #expect(html.contains(">3 errors in 2 rows</text>"), "person.phonePriv[] and spreadsheet-damage")
        #expect(!html.contains(">\(missing.errors)</text>"), "no bar is drawn for an error count")
        // The first rejected rows per error list a row once per code, however many of its fields lack a value.
        let emptiedRow = try #require(rejects.first { $0["_row"] == "2" })
        let codes = try Self.tally([emptiedRow]).byCode
        #expect(html.components(separatedBy: "<tr><td>2</td><td>2</td>").count - 1 == codes.count, "\(codes)")
    }

    /// Converts the sample into a fresh folder, which `body` reads before it is removed.
    static func withSampleRun(_ body: (E2E.Run) throws -> Void) throws {
        let work = try Runs.work()
        defer { try? FileManager.default.removeItem(at: work) }
        try body(try E2E.convert(input: Runs.sample.path, out: work.appendingPathComponent("out")))
    }

    @Test("warned means a converted row with warnings: the same count in summary.json, report.html and warnings.csv")
    func warnedIsOneCount() throws {
        try Self.withSampleRun { run in
            let warnings = try Runs.rows(run.out.appendingPathComponent("warnings.csv"), delimiter: ",")
            let warnedRows = Set(warnings.map { $0["key"] ?? "" })
            let summary = try Runs.summary(run.out)
            let counts = try #require(summary["counts"] as? [String: Int])
            #expect(counts["warned"] == warnedRows.count)
            #expect(run.stderr.contains("\(warnedRows.count) with warnings"), "\(run.stderr)")
            let byCode = Dictionary(grouping: warnings) { $0["code"] ?? "" }
            #expect(summary["warningsByCode"] as? [String: Int] == byCode.mapValues(\.count), "one warning, one line")
            #expect(summary["warnedByCode"] as? [String: Int] == byCode.mapValues { Set($0.map { $0["key"] ?? "" }).count })

            let html = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(html.contains("<b>\(warnedRows.count)</b><a href=\"#warnings\">with warnings</a>"))
            #expect(html.contains("<p>\(warnedRows.count) converted rows carry warnings"))
            let salutations = try #require(byCode["unknown-salutation"])
            #expect(html.contains(">\(Self.amount(salutations.count, "warning")) in \(Self.amount(salutations.count, "row"))</text>"))
        }
    }

    @Test("a rejected row's warnings travel in rejects.csv's _warnings column, as preview shows them")
    func rejectedRowsKeepTheirWarnings() throws {
        try Self.withSampleRun { run in
            let rejects = try Runs.rejects(run.out)
            #expect(rejects.allSatisfy { $0["_warnings"] != nil }, "every row has the column")
            // Row 7 (customer 10005) is rejected for its birth date and has an empty survey question.
            let row = try #require(rejects.first { $0["_row"] == "7" })
            let preview = try CommandLineTests.run(["preview"] + CommandLineTests.sample + ["--row", "7"])
            let shown = preview.stdout.split(separator: "\n").filter { $0.hasPrefix("warning: ") }.map { String($0.dropFirst(9)) }
            #expect(!shown.isEmpty)
            #expect(row["_warnings"] == shown.joined(separator: " | "))
            #expect(row["_warnings"]?.contains("[item-left-out]") == true)
            let header = try #require(try String(contentsOf: run.out.appendingPathComponent("rejects.csv"), encoding: .utf8).split(separator: "\r\n").first)
            #expect(header.hasSuffix(";_source_sha256;_warnings"), "added last, after the columns an earlier report has")
        }
    }

    @Test("warnings get the value tables and the alias hint errors get")
    func warningValues() throws {
        try Self.withSampleRun { run in
            let html = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
            let warnings = try #require(html.range(of: "<h2 id=\"warnings\">"))
            let section = html[warnings.lowerBound...]
            #expect(section.contains("<h2>Most common values behind each warning</h2>"))
            #expect(section.contains("One alias or map entry in the mapping"))
            #expect(section.contains("<h3><span class=\"code warn\">unknown-salutation</span></h3>\n<table><tr><th>value</th><th>rows</th></tr>\n"
                + "<tr><td class=\"raw\">Divers</td><td>4</td></tr>"), "\(section)")
            #expect(section.contains("<th>key</th><th>row</th><th>line</th><th>field</th><th>value</th><th>message</th>"))
        }
    }

    /// The trailing columns of each form of `rejects.csv`: today's, the one before `_warnings`,
    /// and the first three alone.
    static let reportForms: [String: [String]] = [
        "current": ["_row", "_line", "_errors", "_key", "_duplicate_of", "_source_row", "_source_line", "_source_sha256", "_warnings"],
        "without _warnings": ["_row", "_line", "_errors", "_key", "_duplicate_of", "_source_row", "_source_line", "_source_sha256"],
        "legacy": ["_row", "_line", "_errors"],
    ]

    @Test("a rejects report is read when fed back in each form it was ever written in", arguments: ["current", "without _warnings", "legacy"])
    func earlierFormsAreRead(_ form: String) throws {
        let work = try Runs.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try E2E.convert(input: Runs.sample.path, out: work.appendingPathComponent("first"))
        let columns = try #require(Self.reportForms[form])
        let written = try String(contentsOf: first.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        let header = try #require(written.split(separator: "\r\n").first).split(separator: ";")
        #expect(form != "current" || header.suffix(columns.count).map(String.init) == columns, "\(header)")
        // The export's own columns, then the form's.
        let script = """
        import csv, json, sys
        columns = json.loads(sys.argv[3])
        with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
            rows = list(csv.DictReader(f, delimiter=';'))
        names = [name for name in rows[0].keys() if not name.startswith('_')] + columns
        with open(sys.argv[2], 'w', encoding='utf-8-sig', newline='') as f:
            out = csv.DictWriter(f, names, delimiter=';', lineterminator='\\r\\n', extrasaction='ignore')
            out.writeheader()
            out.writerows(rows)
        """
        let fedBack = work.appendingPathComponent("rejects.csv")
        let json = String(decoding: try JSONSerialization.data(withJSONObject: columns), as: UTF8.self)
        let made = try runTool("/usr/bin/env", ["python3", "-c", script, first.out.appendingPathComponent("rejects.csv").path, fedBack.path, json])
        try #require(made.status == 0, "\(made.output)")
        let again = try E2E.convert(input: fedBack.path, out: work.appendingPathComponent("again"))
        // A legacy report lacks `_duplicate_of`, so the duplicate key's row converts into the empty folder.
        let outcome = form == "legacy" ? "11 rows: 1 converted, 10 rejected" : "11 rows: 0 converted, 11 rejected"
        #expect(again.stderr.contains(outcome), "\(again.stderr)")
        let rows = try Runs.rejects(again.out)
        #expect(rows.first { $0["Kundennr"] == "10011" }?["_source_row"] == "13", "the original export's row travels on")
        #expect(rows.allSatisfy { $0.keys.filter { !$0.hasPrefix("_") }.count == 45 }, "the report's columns are not taken for the export's")
    }

    @Test("preview names the first and last data rows when asked for a row that is none", arguments: [1, 63])
    func previewOutsideTheData(_ row: Int) throws {
        let preview = try CommandLineTests.run(["preview"] + CommandLineTests.sample + ["--row", String(row)])
        #expect(preview.status == 2)
        // The sample's 61 customers are records 2 to 62; a quoted line break puts the last on line 63.
        #expect(preview.stderr.contains("row \(row) is not a data row: data rows are 2 to 62"), "\(preview.stderr)")
        #expect(preview.stderr.contains("lines 2 to 63"), "\(preview.stderr)")
    }
}
