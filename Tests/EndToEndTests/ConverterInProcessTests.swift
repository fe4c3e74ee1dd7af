import Foundation
import RelianceKit
import Testing
@testable import reliance_convert

#if canImport(Glibc)
import Glibc
#endif

/// `Converter.run` called in process for each outcome the binary's tests check: the `Summary` it
/// returns or the `ConvertError` it throws, the exit code the command line makes of either (through
/// its own `Diagnostic` and `RunOptions.verdict`), and the files the folder holds afterwards.
/// An export changing while it is read is `ChangedExportTests`.
@Suite("Converter in process", .serialized)
struct ConverterInProcessTests {
    typealias E2E = SampleConversionTests

    /// What one run ended with, as `convert` would end.
    struct Outcome {
        var summary: Summary?
        var error: ConvertError?
        /// What the command line would print and exit with; nil for exit 0.
        var diagnostic: Diagnostic?

        var exitCode: Int32 { diagnostic?.exitCode ?? 0 }

        /// The summary of a run that finished; a test expecting one fails naming the error.
        func finished() throws -> Summary {
            try #require(summary, "the run stopped: \(String(describing: error))")
        }

        /// The error of a run that stopped; a test expecting one fails naming the summary's counts.
        func stopped() throws -> ConvertError {
            try #require(error, "the run finished: \(summary.map { "\($0.read) rows, \($0.converted) converted" } ?? "")")
        }
    }

    static func run(_ options: ConvertOptions, maxRejects: RejectThreshold? = nil) -> Outcome {
        do {
            let summary = try Converter.run(options)
            return Outcome(summary: summary, diagnostic: RunOptions.verdict(summary, threshold: maxRejects))
        } catch {
            return Outcome(error: error, diagnostic: Diagnostic(error))
        }
    }

    static func options(_ input: URL, out: URL) -> ConvertOptions {
        ChangedExportTests.options(input: input.path, out: out)
    }

    static let sample = E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv")

    /// A work folder the test removes.
    static func work() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("in-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A work folder (the caller removes it) whose `out` holds the sample's full run.
    static func sampleRun() throws -> (work: URL, out: URL) {
        let work = try work()
        let out = work.appendingPathComponent("out")
        let first = run(options(sample, out: out))
        #expect(first.summary?.converted == 50, "\(String(describing: first.error))")
        return (work, out)
    }

    /// The sample's header and the data records `keeping` accepts (by customer id), written to `name` in `work`.
    /// Records are split at CRLF: the one line break inside a quoted cell is a bare LF.
    static func export(in work: URL, _ name: String = "export.csv", keeping: (String) -> Bool,
                       adding extra: [String] = []) throws -> URL {
        let records = try String(contentsOf: sample, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let kept = records.dropFirst().filter { keeping(String($0.prefix { $0 != ";" })) }
        let url = work.appendingPathComponent(name)
        try ([records[0]] + kept + extra).map { $0 + "\r\n" }.joined().write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The first five customers of the sample, every one of which converts.
    static let valid = Set((10000...10004).map(String.init))

    static func names(_ folder: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    }

    static func zips(_ folder: URL) -> Set<String> {
        names(folder).filter { $0.hasSuffix(".zip") }
    }

    /// The ZIPs `manifest.csv` lists (its second column).
    static func listed(_ folder: URL) throws -> Set<String> {
        let text = try String(contentsOf: folder.appendingPathComponent(Converter.manifestName), encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        return Set(lines.map { $0.split(separator: ",", omittingEmptySubsequences: false)[1].replacingOccurrences(of: "\"", with: "") })
    }

    static func dataLines(_ url: URL) throws -> Int {
        try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.count
    }

    // MARK: Exit 0 and 1: the run finished

    @Test("the sample: 61 rows, 50 ZIPs, 11 rejects, every report written as the binary writes it, exit 1")
    func sample() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        var options = Self.options(Self.sample, out: out)
        // The mapping's own attachments folder, as the binary's run finds it: rejects.csv names it.
        options.attachmentsDirectory = nil
        let outcome = Self.run(options)
        let summary = try outcome.finished()
        #expect((summary.read, summary.converted, summary.rejected, summary.warned) == (61, 50, 11, 35))
        #expect(!summary.validateOnly && !summary.addsToFolder && summary.retired.isEmpty && summary.retireWithheldReason == nil)
        #expect(outcome.exitCode == 1 && outcome.diagnostic?.lines == [], "rows rejected: exit 1, the summary line said why")

        let zips = Self.zips(out)
        #expect(zips.count == 50 && zips.contains("CUST_10000.zip") && !zips.contains("CUST_10005.zip"))
        #expect(Self.names(out).isSuperset(of: ["manifest.csv", "rejects.csv", "warnings.csv", "summary.json", "report.html"]))
        #expect(try Self.listed(out) == zips, "the manifest lists every ZIP of the folder")
        #expect(try Self.dataLines(out.appendingPathComponent("warnings.csv")) >= 35)
        // The binary is given paths relative to the package; this run, absolute ones.
        let relative = { (name: String) in
            Data(String(decoding: try Data(contentsOf: out.appendingPathComponent(name)), as: UTF8.self)
                .replacingOccurrences(of: E2E.packageRoot.path + "/", with: "").utf8)
        }
        #expect(try relative("rejects.csv") == Data(contentsOf: E2E.golden.appendingPathComponent("rejects.csv")))
        let golden = try Data(contentsOf: E2E.golden.appendingPathComponent("summary.json"))
        #expect(E2E.stableSummary(try relative("summary.json")) == E2E.stableSummary(golden))
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.hasPrefix("<!DOCTYPE html>") && report.contains("rejects.csv"), "\(report.prefix(200))")
    }

    @Test("--max-rejects judges the summary by count or share", arguments: [
        ("20", Int32(0)), ("11", 0), ("10", 1), ("20%", 0), ("18%", 1), ("0", 1),
    ])
    func maxRejects(_ limit: String, _ expected: Int32) throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let threshold = try #require(RejectThreshold(limit))
        let outcome = Self.run(Self.options(Self.sample, out: work.appendingPathComponent("out")), maxRejects: threshold)
        #expect(outcome.summary?.rejected == 11)
        #expect(outcome.exitCode == expected)
    }

    @Test("an export whose every row converts: exit 0, a ZIP per row, a rejects.csv with its header only")
    func everyRowConverts() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = try Self.export(in: work, keeping: Self.valid.contains)
        let out = work.appendingPathComponent("out")
        let outcome = Self.run(Self.options(input, out: out))
        let summary = try outcome.finished()
        #expect((summary.read, summary.converted, summary.rejected) == (5, 5, 0))
        #expect(outcome.exitCode == 0 && outcome.diagnostic == nil)
        #expect(Self.zips(out) == Set(Self.valid.map { "CUST_\($0).zip" }))
        #expect(try Self.dataLines(out.appendingPathComponent("rejects.csv")) == 0)
        #expect(try Self.listed(out) == Self.zips(out))
    }

    @Test("validate checks every row, writes rejects.csv and summary.json, and neither writes nor retires a ZIP")
    func validateOnly() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        var options = Self.options(Self.sample, out: out)
        options.writePackages = false
        let first = Self.run(options)
        let summary = try first.finished()
        #expect(summary.validateOnly && (summary.read, summary.converted, summary.rejected) == (61, 50, 11))
        #expect(first.exitCode == 1)
        #expect(Self.zips(out).isEmpty && !Self.names(out).contains("manifest.csv"))
        #expect(Self.names(out).isSuperset(of: ["rejects.csv", "summary.json"]))

        // Over a folder of ZIPs, validating an export that lacks most of them retires none.
        #expect(Self.run(Self.options(Self.sample, out: out)).exitCode == 1)
        let zips = Self.zips(out)
        var short = Self.options(try Self.export(in: work, keeping: Self.valid.contains), out: out)
        short.writePackages = false
        let again = Self.run(short)
        #expect(again.exitCode == 0 && again.summary?.retired == [] && again.summary?.retireWithheld == 0)
        #expect(Self.zips(out) == zips && !Self.names(out).contains("retired"))
    }

    // MARK: Exit 2: nothing written

    enum Unusable: String, CaseIterable, CustomTestStringConvertible {
        case missingMapping, mappingNamesNoColumn, missingInput, namedPipe, device, utf16WithoutMark, missingAttachmentsFolder, outputUnderAFile, linkedLock
        var testDescription: String { rawValue }
    }

    @Test("an unusable mapping, input or invocation stops the run with exit 2 before anything is written", arguments: Unusable.allCases)
    func unusable(_ kind: Unusable) throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        var options = Self.options(Self.sample, out: out)
        let expected: (ConvertError) -> Bool
        let says: String
        switch kind {
        case .missingMapping:
            options.mappingPath = work.appendingPathComponent("none.yaml").path
            (expected, says) = ({ if case .mapping = $0 { true } else { false } }, "cannot read the mapping file: No such file or directory")
        case .mappingNamesNoColumn:
            let mapping = try String(contentsOfFile: options.mappingPath, encoding: .utf8)
            let broken = work.appendingPathComponent("broken.yaml")
            try mapping.replacingOccurrences(of: "Geburtsdatum", with: "Geburtsdatm").write(to: broken, atomically: true, encoding: .utf8)
            options.mappingPath = broken.path
            (expected, says) = ({ if case .mapping = $0 { true } else { false } }, "Geburtsdatm")
        case .missingInput:
            options.inputPath = work.appendingPathComponent("none.csv").path
            (expected, says) = ({ if case .input = $0 { true } else { false } }, "No such file or directory")
        case .namedPipe:
            options.inputPath = work.appendingPathComponent("export.csv").path
            try #require(mkfifo(options.inputPath, 0o600) == 0)
            (expected, says) = ({ if case .input = $0 { true } else { false } }, "it is a named pipe")
        case .device:
            options.inputPath = "/dev/zero"
            (expected, says) = ({ if case .input = $0 { true } else { false } }, "it is a device")
        case .utf16WithoutMark:
            let text = try String(contentsOf: Self.sample, encoding: .utf8)
            let input = work.appendingPathComponent("export.txt")
            try #require(text.data(using: .utf16LittleEndian)).write(to: input)
            options.inputPath = input.path
            (expected, says) = ({ if case .input = $0 { true } else { false } }, "looks like utf-16le text without a byte order mark")
        case .missingAttachmentsFolder:
            options.attachmentsDirectory = work.appendingPathComponent("no-attachments").path
            (expected, says) = ({ if case .usage = $0 { true } else { false } }, "no-attachments\" does not exist")
        case .outputUnderAFile:
            try Data("x".utf8).write(to: work.appendingPathComponent("a-file"))
            options.outputDirectory = work.appendingPathComponent("a-file/out").path
            (expected, says) = ({ if case .usage = $0 { true } else { false } }, "a-file is a file, not a folder")
        case .linkedLock:
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: out.appendingPathComponent(".reliance-convert.lock"),
                                                       withDestinationURL: work.appendingPathComponent("victim"))
            (expected, says) = ({ $0.exitCode == 2 }, ".reliance-convert.lock is a symbolic link")
        }
        let outcome = Self.run(options)
        let error = try outcome.stopped()
        #expect(expected(error), "\(error)")
        #expect(outcome.exitCode == 2)
        #expect(error.description.contains(says), "\(error)")
        #expect(outcome.diagnostic?.lines == error.lines && !error.lines.isEmpty)
        #expect(Self.names(out).subtracting([".reliance-convert.lock"]).isEmpty, "\(Self.names(out))")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("victim").path))
    }

    @Test("a fed-back rejects.csv missing a column of its own is refused with exit 2, the folder as it was")
    func damagedFeedBack() throws {
        let (work, out) = try Self.sampleRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let before = try FaultTests.snapshot(out)
        let rejects = try String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        let fed = work.appendingPathComponent("rejects.csv")
        try rejects.replacingOccurrences(of: ";_errors;", with: ";_errorz;").write(to: fed, atomically: true, encoding: .utf8)
        let outcome = Self.run(Self.options(fed, out: out))
        let error = try outcome.stopped()
        #expect(outcome.exitCode == 2 && error.description.contains("_errors is missing"), "\(error)")
        #expect(try FaultTests.snapshot(out) == before)
    }

    // MARK: Exit 3: writing failed, or a fault of the moment

    @Test("a name the run writes taken by a folder is a write failure: exit 3, naming it")
    func writeFails() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("rejects.csv"), withIntermediateDirectories: true)
        let outcome = Self.run(Self.options(Self.sample, out: out))
        let error = try outcome.stopped()
        guard case .output = error else { Issue.record("not a write failure: \(error)"); return }
        #expect(outcome.exitCode == 3 && error.description.hasSuffix("rejects.csv: cannot write: Is a directory"), "\(error)")
    }

    @Test("a `retired` link in the folder stops the full run that would retire into it: exit 3, the stale ZIP kept")
    func retiredLink() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: out.appendingPathComponent("CUST_77.zip"))
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("retired"), withDestinationURL: elsewhere)
        let outcome = Self.run(Self.options(Self.sample, out: out))
        let error = try outcome.stopped()
        #expect(outcome.exitCode == 3 && error.description.contains("retired: cannot write: it is not a folder"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
        #expect(Self.zips(out).contains("CUST_77.zip"))
    }

    @Test("a run adding to a folder whose manifest cannot be read stops with a fault naming it: exit 3, the manifest kept")
    func unreadableManifest() throws {
        let (work, out) = try Self.sampleRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let fed = work.appendingPathComponent("rejects.csv")
        try FileManager.default.copyItem(at: out.appendingPathComponent("rejects.csv"), to: fed)
        let manifest = Data("\u{FEFF}id,zip,sha256,row,line,attachments,source_sha256\r\nCUST_10000,CUST_10000.zip,0,2,2,,\r\n".utf8)
        try manifest.write(to: out.appendingPathComponent("manifest.csv"))
        let outcome = Self.run(Self.options(fed, out: out))
        let error = try outcome.stopped()
        guard case .fault = error else { Issue.record("not a fault: \(error)"); return }
        #expect(outcome.exitCode == 3 && error.description.contains("manifest.csv"), "\(error)")
        #expect(try Data(contentsOf: out.appendingPathComponent("manifest.csv")) == manifest)
    }

    // MARK: Exit 4: the folder is in use

    @Test("a folder another run holds is refused with exit 4 naming the holder; once released, the run takes it")
    func locked() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let lock = out.appendingPathComponent(".reliance-convert.lock").path
        try Data("pid 4242, started 2026-01-15T08:00:00\n".utf8).write(to: URL(fileURLWithPath: lock))
        let fd = open(lock, O_RDWR)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let refused = Self.run(Self.options(Self.sample, out: out))
        close(fd)
        let error = try refused.stopped()
        guard case let .locked(_, holder) = error else { Issue.record("not locked: \(error)"); return }
        #expect(holder == "pid 4242, started 2026-01-15T08:00:00")
        #expect(refused.exitCode == 4 && refused.diagnostic?.lines == [error.description])
        #expect(Self.zips(out).isEmpty)
        #expect(Self.run(Self.options(Self.sample, out: out)).summary?.converted == 50)
    }

    // MARK: Runs over time

    @Test("a full run retires the ZIPs of customers the export no longer converts, into retired/, and lists them")
    func staleZIPsRetired() throws {
        let (work, out) = try Self.sampleRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let tonight = try Self.export(in: work, keeping: { $0 != "10001" && $0 != "10002" })
        let outcome = Self.run(Self.options(tonight, out: out))
        let summary = try outcome.finished()
        #expect(summary.retired == ["CUST_10001.zip", "CUST_10002.zip"])
        let folder = try #require(summary.retiredFolder)
        #expect(folder.hasPrefix("retired/"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(folder).appendingPathComponent("CUST_10001.zip").path))
        #expect(Self.zips(out).count == 48)
        #expect(try Self.listed(out) == Self.zips(out))
        #expect(outcome.exitCode == 1, "its rejects still fail the run; retiring does not")
    }

    @Test("an export cut short retires none over the limit: exit 5 saying what to do, every ZIP kept; --retire-limit none retires them")
    func retireLimit() throws {
        let (work, out) = try Self.sampleRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let before = Self.zips(out)
        let short = try Self.export(in: work, keeping: Self.valid.contains)
        let withheld = Self.run(Self.options(short, out: out))
        let summary = try withheld.finished()
        #expect(summary.retireWithheld == 45 && summary.retired.isEmpty)
        #expect(withheld.exitCode == 5)
        let line = try #require(withheld.diagnostic?.lines.first)
        #expect(line.hasPrefix("error: this run would retire 45 of the 50 ZIPs the folder held, more than --retire-limit allows"), "\(line)")
        #expect(line.hasSuffix("run again with a higher --retire-limit (or none); if it was cut short, run again once it is complete"))
        #expect(Self.zips(out) == before && !Self.names(out).contains("retired"))
        #expect(try Self.listed(out).count == 5, "the manifest lists what this run converted: the withheld ZIPs are never uploaded")

        var unlimited = Self.options(short, out: out)
        unlimited.retireLimit = .none
        let allowed = Self.run(unlimited)
        #expect(allowed.exitCode == 0 && allowed.summary?.retired.count == 45)
        #expect(Self.zips(out).count == 5)
    }

    @Test("--add adds a part of an export to the folder and retires nothing")
    func adding() throws {
        let (work, out) = try Self.sampleRun()
        defer { try? FileManager.default.removeItem(at: work) }
        let records = try String(contentsOf: Self.sample, encoding: .utf8).components(separatedBy: "\r\n")
        let newcomer = "19999" + (try #require(records.first { $0.hasPrefix("10000;") })).dropFirst(5)
        let part = try Self.export(in: work, keeping: { _ in false }, adding: [newcomer])
        var options = Self.options(part, out: out)
        options.addToFolder = true
        let outcome = Self.run(options)
        let summary = try outcome.finished()
        #expect(summary.addsToFolder && (summary.read, summary.converted) == (1, 1) && summary.retired.isEmpty)
        #expect(outcome.exitCode == 0)
        #expect(Self.zips(out).count == 51 && Self.zips(out).contains("CUST_19999.zip"))
        #expect(try Self.listed(out) == Self.zips(out), "the manifest describes the whole folder")
    }

    @Test("a fed-back rejects.csv with one row corrected adds its ZIP; the rest stay rejected, nothing is retired")
    func fedBackRejects() throws {
        let (work, out) = try Self.sampleRun()
        defer { try? FileManager.default.removeItem(at: work) }
        // Customer 10011 is rejected as too young (born 14.07.2010); an analyst corrects the year.
        let lines = try String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        let corrected = lines.map { $0.hasPrefix("10011;") ? $0.replacingOccurrences(of: ";14.07.2010;", with: ";14.07.1980;") : $0 }
        #expect(corrected != lines)
        let fed = work.appendingPathComponent("rejects.csv")
        try corrected.joined(separator: "\r\n").write(to: fed, atomically: true, encoding: .utf8)
        let outcome = Self.run(Self.options(fed, out: out))
        let summary = try outcome.finished()
        #expect(summary.addsToFolder && (summary.read, summary.converted, summary.rejected) == (11, 1, 10))
        #expect(summary.retired.isEmpty && summary.retireWithheld == 0)
        #expect(outcome.exitCode == 1)
        #expect(Self.zips(out).count == 51 && Self.zips(out).contains("CUST_10011.zip"))
        #expect(try Self.listed(out) == Self.zips(out))
        #expect(try Self.dataLines(out.appendingPathComponent("rejects.csv")) == 10)
    }
}
