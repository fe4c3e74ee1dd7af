import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What protects the folder's customers when a full run would retire many of them: the retire
/// limit (an export cut short), the recognition of a damaged fed-back file, and the journal that
/// records every retirement even when the run is killed.
@Suite("Retiring safely", .serialized)
struct RetiringTests {
    typealias E2E = SampleConversionTests
    typealias Over = RunsOverTimeTests

    static func summary(_ out: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
    }

    static func retired(_ out: URL) throws -> [String: Any] {
        try #require(try summary(out)["retired"] as? [String: Any])
    }

    /// The big input's first `rows` data rows, as an export job cut short would leave it.
    static func cutShort(_ input: String, rows: Int, to output: URL) throws {
        let lines = try String(contentsOfFile: input, encoding: .utf8).components(separatedBy: "\r\n")
        try (lines.prefix(rows + 1).joined(separator: "\r\n") + "\r\n").write(to: output, atomically: true, encoding: .utf8)
    }

    @Test("an export cut short retires none of the folder's ZIPs over the limit: exit 5, every ZIP stays, the summary says why")
    func cutShortExportRetiresNothing() throws {
        let (work, big) = try UnattendedTests.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: big, out: out)
        let before = try Over.zips(out)
        #expect(before.count == 5000)

        let short = work.appendingPathComponent("short.csv")
        try Self.cutShort(big, rows: 1000, to: short)
        let run = try E2E.convert(input: short.path, out: out)
        #expect(run.status == 5, "\(run.stderr)")
        #expect(run.stderr.contains("would retire 4166 of the 5000 ZIPs"), "\(run.stderr)")
        #expect(try Over.zips(out) == before)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("retired").path))
        let retired = try Self.retired(out)
        #expect(retired["count"] as? Int == 0)
        #expect(retired["withheld"] as? Int == 4166)
        // The manifest lists what this run converted: the withheld ZIPs are never uploaded.
        #expect(try Over.manifest(out).count == 834)

        let allowed = try E2E.convert(input: short.path, out: out, extra: ["--retire-limit", "none"])
        #expect(allowed.status == 1, "\(allowed.stderr)")
        #expect(try Self.retired(out)["count"] as? Int == 4166)
        #expect(try Over.zips(out).count == 834)
    }

    @Test("a fed-back rejects.csv whose last columns an office program deleted still adds to the folder and retires nothing")
    func feedBackWithoutLastColumn() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Over.sample.path, out: out)
        let fed = work.appendingPathComponent("fixed.csv")
        try Self.dropColumns(out.appendingPathComponent("rejects.csv"), to: fed, keeping: { $0 != "_source_sha256" && $0 != "_warnings" })
        let run = try E2E.convert(input: fed.path, out: out)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try Self.summary(out)["run"] as? String == "adds to the folder")
        #expect(try Over.zips(out).count == 50)
        #expect(try Self.retired(out)["count"] as? Int == 0)
    }

    @Test("a fed-back rejects.csv with a column of its own deleted from the middle is refused: exit 2, nothing written")
    func damagedFeedBackRefused() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Over.sample.path, out: out)
        let summaryBefore = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let fed = work.appendingPathComponent("fixed.csv")
        try Self.dropColumns(out.appendingPathComponent("rejects.csv"), to: fed, keeping: { $0 != "_errors" })
        let run = try E2E.convert(input: fed.path, out: out)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("_errors is missing"), "\(run.stderr)")
        #expect(try Over.zips(out).count == 50)
        #expect(try Data(contentsOf: out.appendingPathComponent("summary.json")) == summaryBefore)
    }

    @Test("a rejects.csv fed back with the mapping of an export whose header sits below a title block is read by its own header")
    func feedBackIgnoresHeaderRow() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        // The sample with a title block of three lines, and its mapping with `input.header_row: 4`.
        let titled = work.appendingPathComponent("titled.csv")
        let sample = try String(contentsOf: Over.sample, encoding: .utf8)
        try ("Kundenexport;;\r\nStand 01.03.2025;;\r\n;;\r\n" + sample).write(to: titled, atomically: true, encoding: .utf8)
        let mapping = work.appendingPathComponent("mapping.yaml")
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("mappings/kunden-export.yaml"), encoding: .utf8)
        try text.replacingOccurrences(of: "input: { delimiter: \";\", encoding: auto }", with: "input: { delimiter: \";\", encoding: utf-8, header_row: 4 }")
            .write(to: mapping, atomically: true, encoding: .utf8)
        let attachments = E2E.packageRoot.appendingPathComponent("samples/attachments").path
        let out = work.appendingPathComponent("out")
        let first = try runTool(E2E.binary.path, ["convert", titled.path, "--mapping", mapping.path, "--out", out.path,
                                                  "--attachments", attachments, "--as-of", "2026-01-15"])
        #expect(first.status == 1, "\(first.output)")
        #expect(try Over.zips(out).count == 50)
        let fed = work.appendingPathComponent("fixed.csv")
        try Over.edited(out.appendingPathComponent("rejects.csv"), to: fed, changes: ["10011": ["Geburtsdatum": "01.01.1980"]])
        let again = try runTool(E2E.binary.path, ["convert", fed.path, "--mapping", mapping.path, "--out", out.path,
                                                  "--attachments", attachments, "--as-of", "2026-01-15"])
        #expect(again.status == 1, "\(again.output)")
        #expect(try Self.summary(out)["run"] as? String == "adds to the folder")
        #expect(try Over.zips(out).contains("CUST_10011.zip"))
    }

    @Test("kill -9 while retiring: no ZIP is lost, and every ZIP the killed run retired is listed by the next run's summary")
    func killedWhileRetiring() throws {
        let (work, big) = try UnattendedTests.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let short = work.appendingPathComponent("short.csv")
        try Self.cutShort(big, rows: 1000, to: short)
        var killedMidway = 0
        for trial in 1...2 {
            let out = work.appendingPathComponent("out-\(trial)")
            _ = try E2E.convert(input: big, out: out)
            let all = try Over.zips(out)
            let run = try UnattendedTests.process(UnattendedTests.sampleArguments(out: out, extra: ["--retire-limit", "none"], input: short.path))
            // Kill as soon as the journal appears: the run is moving ZIPs then, or about to.
            let retiredFolder = out.appendingPathComponent("retired").path
            let journal = out.appendingPathComponent(".reliance-convert.retiring")
            while run.isRunning, !FileManager.default.fileExists(atPath: journal.path) { usleep(100) }
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()

            let recorded = FileManager.default.fileExists(atPath: journal.path)
                ? try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init) : []
            // Every ZIP is in the folder or in a retired folder: none lost.
            var retiredNow: Set<String> = []
            if let stamps = try? FileManager.default.contentsOfDirectory(atPath: retiredFolder) {
                for stamp in stamps { retiredNow.formUnion(try FileManager.default.contentsOfDirectory(atPath: retiredFolder + "/" + stamp)) }
            }
            #expect(try Over.zips(out).union(retiredNow) == all)
            guard !recorded.isEmpty else { continue }
            killedMidway += 1
            #expect(Set(recorded).isSuperset(of: retiredNow), "a ZIP moved without being recorded")
            let next = try E2E.convert(input: short.path, out: out, extra: ["--retire-limit", "none"])
            #expect(next.status == 1, "\(next.stderr)")
            let byKilledRun = try #require(try Self.retired(out)["byKilledRun"] as? [String: Any])
            #expect(byKilledRun["zips"] as? [String] == recorded)
            #expect(!FileManager.default.fileExists(atPath: journal.path))
            #expect(try Over.zips(out).count == 834)
        }
        // The kill lands while ZIPs are moved in most trials; each trial checks nothing was lost either way.
        #expect(killedMidway >= 1)
    }

    @Test("an adding run after a full run killed before its manifest lists the ZIPs that run rewrote with their SHA-256 as they are now")
    func addingRunRefreshesRewrittenZIPs() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Over.sample.path, out: out)
        // A full run of a later night, whose export has a new street for 10000, rewrote
        // CUST_10000.zip and was killed before it committed its manifest: the manifest still
        // names the earlier bytes.
        let nextNight = work.appendingPathComponent("night-2.csv")
        try Over.edited(Over.sample, to: nextNight, changes: ["10000": ["Strasse": "Neue Straße"]])
        let later = work.appendingPathComponent("later")
        let other = try E2E.convert(input: nextNight.path, out: later)
        #expect(other.status == 1, "\(other.stderr)")
        let zip = out.appendingPathComponent("CUST_10000.zip")
        let before = try Over.sha256(zip)
        try FileManager.default.removeItem(at: zip)
        try FileManager.default.copyItem(at: later.appendingPathComponent("CUST_10000.zip"), to: zip)
        let rewritten = try Over.sha256(zip)
        try #require(rewritten != before)

        let fed = work.appendingPathComponent("fixed.csv")
        try Over.edited(out.appendingPathComponent("rejects.csv"), to: fed, changes: ["10011": ["Geburtsdatum": "01.01.1980"]])
        let adding = try E2E.convert(input: fed.path, out: out)
        #expect(adding.status == 1, "\(adding.stderr)")
        let line = try #require(try Over.manifest(out).first { $0["key"] == "CUST_10000" })
        #expect(line["sha256"] == rewritten)
        let dryRun = try runTool(E2E.binary.path, ["upload", out.path, "--url", "http://127.0.0.1:9", "--dry-run"])
        #expect(!dryRun.output.contains("does not match manifest.csv"), "\(dryRun.output)")
    }

    @Test("retired folders are named by the run's time in UTC, so they sort in the order they were made")
    func retiredFolderInUTC() throws {
        let work = try Over.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: Over.sample.path, out: out)
        let tonight = work.appendingPathComponent("night-2.csv")
        try Over.edited(Over.sample, to: tonight, dropping: ["10001"])
        _ = try E2E.convert(input: tonight.path, out: out)
        let folder = try #require(try Self.retired(out)["folder"] as? String)
        #expect(folder.range(of: #"^retired/\d{4}-\d{2}-\d{2}T\d{6}Z$"#, options: .regularExpression) != nil, "\(folder)")
    }

    /// Copies a CSV report keeping the columns `keeping` accepts, as a person deleting a column would.
    static func dropColumns(_ input: URL, to output: URL, keeping: (String) -> Bool) throws {
        let rows = try Over.rows(input, delimiter: ";")
        let header = try #require(try String(contentsOf: input, encoding: .utf8).split(separator: "\r\n").first)
            .replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";").map(String.init).filter(keeping)
        let script = """
        import csv, json, sys
        header, rows = json.loads(sys.argv[2]), json.loads(sys.argv[3])
        with open(sys.argv[1], 'w', encoding='utf-8-sig', newline='') as f:
            w = csv.writer(f, delimiter=';', lineterminator='\\r\\n')
            w.writerow(header)
            for row in rows:
                w.writerow([row.get(name, '') for name in header])
        """
        let made = try runTool("/usr/bin/env", ["python3", "-c", script, output.path,
                                                String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self),
                                                String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)])
        try #require(made.status == 0, "\(made.output)")
    }
}
