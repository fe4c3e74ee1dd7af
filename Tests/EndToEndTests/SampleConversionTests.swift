import Foundation
import TestSupport
import Testing

/// Runs the built `reliance-convert` on `samples/` exactly as the README does, in a fresh
/// temporary folder, and compares its reports with golden files.
///
/// To re-record the golden files deliberately: `RECORD_GOLDEN=1 swift test --filter EndToEndTests`.
@Suite("End to end on the sample export", .serialized)
struct SampleConversionTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reliance-convert")
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        let out: URL
    }

    static func convert(command: String = "convert", input: String = "samples/kunden-export.csv",
                        mapping: String = "mappings/kunden-export.yaml", out: URL? = nil, extra: [String] = []) throws -> Run {
        let folder = out ?? FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = packageRoot
        process.arguments = [command, input, "--mapping", mapping, "--out", folder.path,
                             "--as-of", "2026-01-15", "--now", "2026-01-15T08:00:00"] + extra
        let stdout = Pipe()
        let stderr = try CapturedOutput()
        process.standardOutput = stdout
        process.standardError = stderr.handle
        try process.run()
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = try stderr.data()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self), out: folder)
    }

    static func compareWithGolden(_ actual: Data, name: String) throws {
        let url = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try actual.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        #expect(actual == expected, "\(name) differs from its golden file; re-record deliberately with RECORD_GOLDEN=1")
    }

    /// `durationSeconds` is the only value that changes between runs.
    static func stableSummary(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let masked = text.replacingOccurrences(of: #""durationSeconds": [0-9.e-]+"#, with: "\"durationSeconds\": 0", options: .regularExpression)
        return Data(masked.utf8)
    }

    @Test("converts the sample: exit 1, golden rejects.csv, summary.json and main.json")
    func sample() throws {
        let run = try Self.convert()
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("61 rows: 50 converted, 11 rejected"))
        let rejects = try Data(contentsOf: run.out.appendingPathComponent("rejects.csv"))
        #expect(rejects.starts(with: [0xEF, 0xBB, 0xBF]))
        try Self.compareWithGolden(rejects, name: "rejects.csv")
        try Self.compareWithGolden(Self.stableSummary(try Data(contentsOf: run.out.appendingPathComponent("summary.json"))), name: "summary.json")
        let zips = try FileManager.default.contentsOfDirectory(atPath: run.out.path).filter { $0.hasSuffix(".zip") }
        #expect(zips.count == 50)
        // Besides the lock, no hidden file (no temporary file) is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.out.path).filter { $0.hasPrefix(".") } == [".reliance-convert.lock"])
        #expect(FileManager.default.fileExists(atPath: run.out.appendingPathComponent("manifest.csv").path))

        let mainJSON = try unzipEntry(run.out.appendingPathComponent("CUST_10000.zip"), "main.json")
        try Self.compareWithGolden(mainJSON, name: "CUST_10000.main.json")
    }

    @Test("every ZIP passes unzip -t and Python's zipfile: main.json plus exactly the files its events name")
    func zipsAreValid() throws {
        let run = try Self.convert()
        defer { try? FileManager.default.removeItem(at: run.out) }
        let script = """
        import json, pathlib, sys, zipfile
        folder = pathlib.Path(sys.argv[1])
        count = 0
        for path in sorted(folder.glob('*.zip')):
            z = zipfile.ZipFile(path)
            assert z.testzip() is None, path
            names = z.namelist()
            doc = json.loads(z.read('main.json').decode('utf-8'))
            customer = doc['customers'][0]
            files = [e['file'] for e in customer.get('events', [])]
            assert names == ['main.json'] + files, (path, names)
            assert len(set(names)) == len(names)
            assert path.name == customer['key'] + '.zip'
            person = customer['person']
            assert person['type'] == 0 and person['precheckPep'] in ('True', 'False')
            assert list(customer) == ['key', 'modified', 'person', 'investmentSurveys', 'events'], list(customer)
            count += 1
        print(count)
        """
        let python = try runTool("/usr/bin/env", ["python3", "-c", script, run.out.path])
        #expect(python.status == 0, "\(python.output)")
        #expect(python.output.trimmingCharacters(in: .whitespacesAndNewlines) == "50")
        for name in try FileManager.default.contentsOfDirectory(atPath: run.out.path) where name.hasSuffix(".zip") {
            let unzip = try runTool("/usr/bin/unzip", ["-t", run.out.appendingPathComponent(name).path])
            #expect(unzip.status == 0, "\(name): \(unzip.output)")
        }
    }

    @Test("a rerun gives byte-identical ZIPs")
    func deterministic() throws {
        let first = try Self.convert()
        let second = try Self.convert()
        defer {
            try? FileManager.default.removeItem(at: first.out)
            try? FileManager.default.removeItem(at: second.out)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: first.out.path).filter { $0.hasSuffix(".zip") }.sorted()
        #expect(names.count == 50)
        for name in names {
            let a = try Data(contentsOf: first.out.appendingPathComponent(name))
            let b = try Data(contentsOf: second.out.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between runs")
        }
        #expect(try Data(contentsOf: first.out.appendingPathComponent("rejects.csv")) == Data(contentsOf: second.out.appendingPathComponent("rejects.csv")))
    }

    @Test("validate writes rejects, report and summary but no ZIP; its rejects and warnings are convert's")
    func validate() throws {
        let run = try Self.convert(command: "validate")
        defer { try? FileManager.default.removeItem(at: run.out) }
        #expect(run.status == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: run.out.path)
        #expect(names.sorted() == [".reliance-convert.lock", "rejects.csv", "report.html", "summary.json", "warnings.csv"])
        // validate looks at attachments where convert opens them: the two must still agree (PRODUCT.md §7).
        let converted = try Self.convert()
        defer { try? FileManager.default.removeItem(at: converted.out) }
        for name in ["rejects.csv", "warnings.csv"] {
            #expect(try Data(contentsOf: run.out.appendingPathComponent(name)) == Data(contentsOf: converted.out.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test("rejects.csv fed back with the same mapping rejects the same rows")
    func rejectsRoundTrip() throws {
        let first = try Self.convert()
        defer { try? FileManager.default.removeItem(at: first.out) }
        let again = try Self.convert(input: first.out.appendingPathComponent("rejects.csv").path)
        defer { try? FileManager.default.removeItem(at: again.out) }
        #expect(again.status == 1, "\(again.stderr)")
        // Every row is rejected again, the duplicate key too: its `_errors` names the row that took the key.
        #expect(again.stderr.contains("11 rows: 0 converted, 11 rejected"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: again.out.appendingPathComponent("CUST_10052.zip").path))
        let before = try String(contentsOf: first.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        let after = try String(contentsOf: again.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        func customers(_ text: String) -> [String] {
            text.split(separator: "\r\n").dropFirst().map { String($0.prefix { $0 != ";" }) }
        }
        #expect(before.split(separator: "\r\n").first == after.split(separator: "\r\n").first)
        #expect(customers(before) == customers(after))
        #expect(after.contains("is also carried by row 54 of the original export"))

        // With a new customer id the row converts.
        let fixed = folderCopy(before.replacingOccurrences(of: "\r\n10052;", with: "\r\n20052;"))
        defer { try? FileManager.default.removeItem(atPath: fixed) }
        let third = try Self.convert(input: fixed)
        defer { try? FileManager.default.removeItem(at: third.out) }
        #expect(third.stderr.contains("11 rows: 1 converted, 10 rejected"), "\(third.stderr)")
        #expect(FileManager.default.fileExists(atPath: third.out.appendingPathComponent("CUST_20052.zip").path))
        // The ragged row was padded to the header in rejects.csv; it is still rejected, now for its empty cells.
        #expect(after.contains("person.birthDate [missing-value]"))
        #expect(before.contains("'+49 30 555 1234"))
        #expect(after.contains("'+49 30 555 1234"))
        #expect(!after.contains("''+49"))
    }

    @Test("a bad mapping exits 2 naming file, line and column, and writes nothing")
    func badMapping() throws {
        let mapping = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("mappings/kunden-export.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "surName: Nachname", with: "surName: Nachnahme")
        try Data(text.utf8).write(to: mapping)
        defer { try? FileManager.default.removeItem(at: mapping) }
        let run = try Self.convert(mapping: mapping.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(mapping.path):21:14: error: no column \"Nachnahme\" in the header; did you mean \"Nachname\"?"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.out.path))
    }

    @Test("the same export as Windows-1252, UTF-16 tab text, LF-only UTF-8, an Excel workbook and an Excel table with a totals row converts exactly like the UTF-8 original",
          arguments: ["windows-1252", "utf-16-tab", "lf", "xlsx", "xlsx-table"])
    func sameExportOtherForms(_ form: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A mapping without an input block: delimiter and encoding are detected.
        let mapping = try String(contentsOf: Self.packageRoot.appendingPathComponent("mappings/kunden-export.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("input:") }.joined(separator: "\n")
            .replacingOccurrences(of: "attachments: ../samples/attachments", with: "attachments: \(Self.packageRoot.path)/samples/attachments")
        try Data(mapping.utf8).write(to: folder.appendingPathComponent("mapping.yaml"))
        let input: String
        if form.hasPrefix("xlsx") {
            input = Self.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/\(form == "xlsx" ? "kunden-export" : "kunden-export-table").xlsx").path
        } else {
            input = folder.appendingPathComponent("export.txt").path
            let script = """
            import csv, io, sys
            text = open(sys.argv[1], encoding='utf-8', newline='').read()
            rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=';'))
            form, out = sys.argv[2], sys.argv[3]
            if form == 'windows-1252':
                open(out, 'wb').write(text.encode('cp1252'))
            elif form == 'lf':
                open(out, 'wb').write(text.replace('\\r\\n', '\\n').encode('utf-8'))
            else:
                buffer = io.StringIO()
                csv.writer(buffer, delimiter='\\t', lineterminator='\\r\\n').writerows(rows)
                open(out, 'wb').write(b'\\xff\\xfe' + buffer.getvalue().encode('utf-16-le'))
            """
            let made = try runTool("/usr/bin/env", ["python3", "-c", script, Self.packageRoot.appendingPathComponent("samples/kunden-export.csv").path, form, input])
            try #require(made.status == 0, "\(made.output)")
        }
        let original = try Self.convert(mapping: folder.appendingPathComponent("mapping.yaml").path, out: folder.appendingPathComponent("original"))
        let other = try Self.convert(input: input, mapping: folder.appendingPathComponent("mapping.yaml").path, out: folder.appendingPathComponent("other"))
        #expect(other.status == 1, "\(other.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: original.out.path).filter { $0.hasSuffix(".zip") }.sorted()
        #expect(names.count == 50)
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.out.path).filter { $0.hasSuffix(".zip") }.sorted() == names)
        for name in names {
            #expect(try Data(contentsOf: original.out.appendingPathComponent(name)) == Data(contentsOf: other.out.appendingPathComponent(name)), "\(name)")
        }
        let summary = try String(contentsOf: other.out.appendingPathComponent("summary.json"), encoding: .utf8)
        let expectedEncoding = ["windows-1252": "windows-1252 (detected", "utf-16-tab": "utf-16le (byte order mark)", "lf": "\"utf-8\"", "xlsx": "\"xlsx\"",
                                "xlsx-table": "\"xlsx\""][form] ?? ""
        #expect(summary.contains(expectedEncoding), "\(summary)")
        // The table's totals row is no customer: skipped and counted, the rows read those of the original.
        #expect(summary.contains("\"read\": 61,") && summary.contains("\"totalsRows\": \(form == "xlsx-table" ? 1 : 0)"), "\(summary)")
    }

    @Test("a bad option value exits 2")
    func badOption() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.currentDirectoryURL = Self.packageRoot
        process.arguments = ["convert", "samples/kunden-export.csv", "--mapping", "mappings/kunden-export.yaml",
                             "--out", "/tmp/never-written", "--as-of", "2026-13-01"]
        let err = try CapturedOutput()
        process.standardError = err.handle
        try process.run()
        process.waitUntilExit()
        _ = try err.data()
        #expect(process.terminationStatus == 2)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
    }

    @Test("a missing input exits 2 and writes nothing")
    func missingInput() throws {
        let run = try Self.convert(input: "samples/does-not-exist.csv")
        #expect(run.status == 2)
        #expect(run.stderr.contains("samples/does-not-exist.csv: cannot open"))
        #expect(!FileManager.default.fileExists(atPath: run.out.path))
    }

    @Test("an output path below a file is an unusable invocation: exit 2")
    func outputBelowFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Self.convert(out: file.appendingPathComponent("out"))
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a file, not a folder"))
    }

    @Test("an unwritable output folder exits 3")
    func unwritableOutput() throws {
        let run = try Self.convert(out: URL(fileURLWithPath: "/proc/reliance-convert-test"))
        #expect(run.status == 3, "\(run.stderr)")
    }

    @Test("a write that fails mid-run (a folder where a ZIP goes) exits 3, names the file and leaves no temporary file")
    func writeFailsMidRun() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        // The writer thread meets it after earlier ZIPs were written; the run must stop with an I/O error.
        try FileManager.default.createDirectory(at: out.appendingPathComponent("CUST_10020.zip"), withIntermediateDirectories: true)
        let run = try Self.convert(out: out)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("CUST_10020.zip"))
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
        #expect(!names.contains("summary.json") && !names.contains("rejects.csv"))
    }
}

/// Writes `text` to a temporary CSV and returns its path.
func folderCopy(_ text: String) -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fed-back-\(UUID().uuidString).csv")
    try? Data(text.utf8).write(to: url)
    return url.path
}

func unzipEntry(_ zip: URL, _ name: String) throws -> Data {
    let result = try runTool("/usr/bin/unzip", ["-p", zip.path, name])
    return Data(result.output.utf8)
}
