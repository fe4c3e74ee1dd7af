import Foundation
import TestSupport
import Testing

/// Runs over time into one folder, as a nightly job and an analyst feeding back rejects use it:
/// no customer's ZIP replaced by another row's, no stale ZIP left to deliver, every warning and
/// every fed-back row traceable to the original export.
///
/// The sample's customer 10011 (row 13, line 14) is rejected as too young; 10038 (row 40,
/// line 41) converts.
@Suite("Runs over time", .serialized)
struct RunsOverTimeTests {
    typealias E2E = SampleConversionTests

    /// A work folder the test removes.
    static func work() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("over-time-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Rewrites a `;` CSV with Python's csv module: `changes` maps a customer id to the cells to
    /// set (`Kundennr` changes the id); ids in `dropping` lose their row.
    static func edited(_ input: URL, to output: URL, changes: [String: [String: String]] = [:], dropping: [String] = []) throws {
        let script = """
        import csv, json, sys
        changes, dropping = json.loads(sys.argv[3]), json.loads(sys.argv[4])
        with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
            rows = list(csv.reader(f, delimiter=';'))
        header = rows[0]
        out = [header]
        for row in rows[1:]:
            customer = row[0]
            if customer in dropping:
                continue
            for column, value in changes.get(customer, {}).items():
                row[header.index(column)] = value
            out.append(row)
        with open(sys.argv[2], 'w', encoding='utf-8-sig' if sys.argv[1].endswith('rejects.csv') else 'utf-8', newline='') as f:
            csv.writer(f, delimiter=';', lineterminator='\\r\\n').writerows(out)
        """
        let data = try JSONSerialization.data(withJSONObject: changes)
        let drop = try JSONSerialization.data(withJSONObject: dropping)
        let made = try runTool("/usr/bin/env", ["python3", "-c", script, input.path, output.path,
                                                String(decoding: data, as: UTF8.self), String(decoding: drop, as: UTF8.self)])
        try #require(made.status == 0, "\(made.output)")
    }

    /// The rows of a CSV report as dictionaries (Python's reader, BOM removed).
    static func rows(_ url: URL, delimiter: String) throws -> [[String: String]] {
        let script = """
        import csv, json, sys
        with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
            print(json.dumps(list(csv.DictReader(f, delimiter=sys.argv[2]))))
        """
        let read = try runTool("/usr/bin/env", ["python3", "-c", script, url.path, delimiter])
        try #require(read.status == 0, "\(read.output)")
        return try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [[String: String]] ?? []
    }

    static func rejects(_ out: URL) throws -> [[String: String]] { try rows(out.appendingPathComponent("rejects.csv"), delimiter: ";") }
    static func manifest(_ out: URL) throws -> [[String: String]] { try rows(out.appendingPathComponent("manifest.csv"), delimiter: ",") }

    static func zips(_ out: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".zip") })
    }

    static func summary(_ out: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any] ?? [:]
    }

    static let sample = E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv")

    static func sha256(_ url: URL) throws -> String {
        let hashed = try runTool("/usr/bin/env", ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", url.path])
        return hashed.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("two people under one customer id: the later row is rejected naming the earlier one, even when that one was rejected")
    func duplicateOfRejectedRow() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let export = work.appendingPathComponent("export.csv")
        try Self.edited(Self.sample, to: export, changes: ["10038": ["Kundennr": "10011"]])
        let run = try E2E.convert(input: export.path, out: work.appendingPathComponent("out"))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("61 rows: 49 converted, 12 rejected"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.out.appendingPathComponent("CUST_10011.zip").path))
        let rejected = try Self.rejects(run.out).filter { $0["_key"] == "CUST_10011" }
        try #require(rejected.map { $0["_row"] } == ["13", "40"])
        #expect(rejected[0]["_errors"]?.contains("[too-young]") == true)
        #expect(rejected[0]["_duplicate_of"] == "")
        #expect(rejected[1]["_errors"]?.contains("key [duplicate-key] key \"CUST_10011\" is also carried by row 13") == true, "\(rejected[1])")
        #expect(rejected[1]["_duplicate_of"] == "13")
    }

    @Test("a fed-back row never replaces the ZIP another row made: the ZIP keeps its person, the row is rejected naming that row")
    func fedBackRowCannotTakeAnotherRowsZIP() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        let first = try E2E.convert(input: Self.sample.path, out: out)
        #expect(first.status == 1)
        let held = try Data(contentsOf: out.appendingPathComponent("CUST_10038.zip"))

        // The analyst corrects row 13's birth date, and gives it the customer id of row 40's person.
        let fixed = work.appendingPathComponent("rejects.csv")
        try Self.edited(out.appendingPathComponent("rejects.csv"), to: fixed,
                        changes: ["10011": ["Geburtsdatum": "14.07.1980", "Kundennr": "10038"]])
        let again = try E2E.convert(input: fixed.path, out: out)
        #expect(again.status == 1)
        #expect(try Data(contentsOf: out.appendingPathComponent("CUST_10038.zip")) == held, "row 40's person must stay in CUST_10038.zip")
        let row = try #require(try Self.rejects(out).first { $0["_key"] == "CUST_10038" })
        #expect(row["_source_row"] == "13" && row["_source_line"] == "14")
        #expect(row["_duplicate_of"] == "40")
        #expect(row["_errors"]?.contains("CUST_10038.zip in the output folder came from row 40 (line 41) of the same export") == true, "\(row)")
        // The folder's manifest still says where CUST_10038.zip came from.
        #expect(try Self.manifest(out).first { $0["key"] == "CUST_10038" }?["row"] == "40")
    }

    @Test("a corrected row fed back adds its ZIP; the manifest and warnings then describe the whole folder")
    func fedBackMergesIntoFolder() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let export = work.appendingPathComponent("export.csv")
        try Self.edited(Self.sample, to: export, changes: ["10038": ["Kundennr": "10011"]])
        let exportSHA = try Self.sha256(export)
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: export.path, out: out)
        #expect(try Self.manifest(out).count == 49)

        // Row 13 gets a real birth date; row 40 is fed back unchanged and stays the duplicate it was.
        let fixed = work.appendingPathComponent("rejects.csv")
        try Self.edited(out.appendingPathComponent("rejects.csv"), to: fixed, changes: ["10011": ["Geburtsdatum": "14.07.1980"]])
        let again = try E2E.convert(input: fixed.path, out: out)
        #expect(again.stderr.contains("12 rows: 1 converted, 11 rejected"), "\(again.stderr)")
        let manifest = try Self.manifest(out)
        #expect(manifest.count == 50)
        #expect(Set(manifest.compactMap { $0["zip"] }) == (try Self.zips(out)), "the manifest lists every ZIP of the folder")
        let added = try #require(manifest.first { $0["key"] == "CUST_10011" })
        #expect(added["row"] == "13" && added["line"] == "14" && added["source_sha256"] == exportSHA)
        let duplicate = try #require(try Self.rejects(out).first { $0["_source_row"] == "40" })
        #expect(duplicate["_duplicate_of"] == "13")
        #expect(duplicate["_errors"]?.contains("is also carried by row 13 of the original export") == true, "\(duplicate)")
        let summary = try Self.summary(out)
        #expect(summary["run"] as? String == "adds to the folder")
        // The first run's warnings are still there beside the new row's.
        let warned = Set(try Self.rows(out.appendingPathComponent("warnings.csv"), delimiter: ",").compactMap { $0["key"] })
        #expect(warned.contains("CUST_10000") && warned.contains("CUST_10010"))
    }

    @Test("a run that adds to the folder stops, naming the manifest, when the folder's manifest cannot be read",
          arguments: ["key,zip,sha256,row,line,attachments,source_sha256\r\nCUST_10000,\"CUST_10000.zip\"x,0,2,2,,\r\n",
                      "id,zip,sha256,row,line,attachments,source_sha256\r\nCUST_10000,CUST_10000.zip,0,2,2,,\r\n"])
    func unreadableManifestStopsAddingRun(_ manifest: String) throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Self.sample.path, out: out)
        let fedBack = work.appendingPathComponent("rejects.csv")
        try FileManager.default.copyItem(at: out.appendingPathComponent("rejects.csv"), to: fedBack)
        try Data(("\u{FEFF}" + manifest).utf8).write(to: out.appendingPathComponent("manifest.csv"))
        let again = try E2E.convert(input: fedBack.path, out: out)
        #expect(again.status == 3 && again.stderr.contains("manifest.csv"), "\(again.status) \(again.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("manifest.csv")) == Data(("\u{FEFF}" + manifest).utf8),
                "the manifest is left as it was")
    }

    @Test("a customer rejected on the second night, and one no longer in the export: their ZIPs are retired, listed, and not uploaded")
    func staleZIPsRetired() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Self.sample.path, out: out)
        #expect(try Self.zips(out).count == 50)

        let tonight = work.appendingPathComponent("export-night-2.csv")
        try Self.edited(Self.sample, to: tonight, changes: ["10000": ["Geburtsdatum": "31.02.1990"]], dropping: ["10001"])
        let second = try E2E.convert(input: tonight.path, out: out)
        #expect(second.status == 1)
        let zips = try Self.zips(out)
        #expect(zips.count == 48 && !zips.contains("CUST_10000.zip") && !zips.contains("CUST_10001.zip"))
        #expect(Set(try Self.manifest(out).compactMap { $0["zip"] }) == zips)
        let summary = try Self.summary(out)
        let retired = try #require(summary["retired"] as? [String: Any])
        #expect(retired["count"] as? Int == 2)
        #expect(retired["zips"] as? [String] == ["CUST_10000.zip", "CUST_10001.zip"])
        let folder = try #require(retired["folder"] as? String)
        #expect(folder.hasPrefix("retired/"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(folder).appendingPathComponent("CUST_10001.zip").path),
                "retired, not deleted")
        #expect(summary["run"] as? String == "full export")

        let dryRun = try runTool(E2E.binary.path, ["upload", out.path, "--url", "http://127.0.0.1:9", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.output.contains("48 to send"), "\(dryRun.output)")
        #expect(!dryRun.output.contains("CUST_10000.zip") && !dryRun.output.contains("CUST_10001.zip"))
    }

    @Test("a ZIP left in the folder by hand is not in the manifest: reported by upload, never sent, and retired by the next full run")
    func strayZIP() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Self.sample.path, out: out)
        try FileManager.default.copyItem(at: out.appendingPathComponent("CUST_10000.zip"), to: out.appendingPathComponent("CUST_77.zip"))
        let dryRun = try runTool(E2E.binary.path, ["upload", out.path, "--url", "http://127.0.0.1:9", "--dry-run"])
        #expect(dryRun.output.contains("CUST_77.zip is not in manifest.csv; not sent"), "\(dryRun.output)")
        #expect(!dryRun.output.contains("would send CUST_77.zip"))
        _ = try E2E.convert(input: Self.sample.path, out: out)
        #expect(!(try Self.zips(out)).contains("CUST_77.zip"))
    }

    @Test("every warning of a converted row is listed with its key and source row, and the report links to the list")
    func warningsPerCustomer() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let run = try E2E.convert(input: Self.sample.path, out: work.appendingPathComponent("out"))
        let warnings = try Self.rows(run.out.appendingPathComponent("warnings.csv"), delimiter: ",")
        let zips = try Self.zips(run.out)
        #expect(!warnings.isEmpty)
        #expect(warnings.allSatisfy { zips.contains(($0["key"] ?? "") + ".zip") }, "only converted rows")
        let restored = try #require(warnings.first { $0["code"] == "postal-code-restored" && $0["key"] == "CUST_10000" })
        #expect(restored["row"] == "2" && restored["line"] == "2" && restored["field"] == "person.zip")
        let divers = try #require(warnings.first { $0["code"] == "unknown-salutation" })
        #expect(divers["key"] == "CUST_10010" && divers["row"] == "12" && divers["line"] == "13")
        // As many lines per code as summary.json counts for the converted rows.
        let summary = try Self.summary(run.out)
        let byCode = summary["warningsByCode"] as? [String: Int] ?? [:]
        #expect(warnings.filter { $0["code"] == "unknown-salutation" }.count <= byCode["unknown-salutation"] ?? 0)
        let html = try String(contentsOf: run.out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"warnings.csv\">warnings.csv</a>"))
        #expect(html.contains("<a href=\"#warnings\">with warnings</a>"))
        #expect(html.contains("<td><code>CUST_10010</code></td><td>12</td><td>13</td><td><code>person.salutation</code></td>"))
    }

    @Test("the original export's row and line survive two round trips through rejects.csv")
    func sourceRowsSurviveRoundTrips() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Self.sample.path, out: out)
        let sampleSHA = try Self.sha256(Self.sample)
        var previous = try Self.rejects(out)
        #expect(previous.first { $0["Kundennr"] == "10011" }?["_row"] == "13")
        for round in 1...2 {
            let fedBack = work.appendingPathComponent("round-\(round)-rejects.csv")
            try FileManager.default.copyItem(at: out.appendingPathComponent("rejects.csv"), to: fedBack)
            _ = try E2E.convert(input: fedBack.path, out: out)
            let now = try Self.rejects(out)
            let row = try #require(now.first { $0["Kundennr"] == "10011" })
            #expect(row["_row"] == "3", "the position in the fed-back file")
            #expect(row["_source_row"] == "13" && row["_source_line"] == "14" && row["_source_sha256"] == sampleSHA, "round \(round): \(row)")
            #expect(now.map { $0["_source_row"] } == previous.map { $0["_source_row"] })
            previous = now
        }
    }

    @Test("a duplicate fed back unchanged stays rejected however its message was worded; with a new id it converts")
    func rewordedMessage() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try E2E.convert(input: Self.sample.path, out: work.appendingPathComponent("first"))
        let reworded = work.appendingPathComponent("rejects.csv")
        try Self.edited(first.out.appendingPathComponent("rejects.csv"), to: reworded,
                        changes: ["10052": ["_errors": "Schlüssel doppelt vergeben (siehe andere Zeile)"]])
        // Into a new folder: nothing there holds the key, only the row's own columns say it is a duplicate.
        let again = try E2E.convert(input: reworded.path, out: work.appendingPathComponent("second"))
        #expect(again.stderr.contains("11 rows: 0 converted, 11 rejected"), "\(again.stderr)")
        let row = try #require(try Self.rejects(again.out).first { $0["Kundennr"] == "10052" })
        #expect(row["_duplicate_of"] == "54" && row["_errors"]?.contains("[duplicate-key]") == true, "\(row)")

        let renamed = work.appendingPathComponent("renamed-rejects.csv")
        try Self.edited(reworded, to: renamed, changes: ["10052": ["Kundennr": "20052"]])
        let third = try E2E.convert(input: renamed.path, out: work.appendingPathComponent("third"))
        #expect(third.stderr.contains("11 rows: 1 converted, 10 rejected"), "\(third.stderr)")
    }
}
