import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Inputs that are damaged, strange or hostile: each gets a defined outcome and leaves nothing behind.
@Suite("Hostile inputs", .serialized)
struct HostileInputTests {
    typealias E2E = SampleConversionTests
    typealias Unattended = UnattendedTests

    static func work() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("one stray byte in a UTF-8 export rejects its row naming line and column; no other name is garbled")
    func strayByte() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        var bytes = [UInt8](try Data(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv")))
        let dresden = Array(";Dresden;".utf8)
        let at = try #require((0..<bytes.count - dresden.count).first { Array(bytes[$0..<$0 + dresden.count]) == dresden })
        bytes.insert(0xFF, at: at + 5)
        let input = work.appendingPathComponent("export.csv")
        try Data(bytes).write(to: input)
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"))
        #expect(run.stderr.contains("61 rows: 49 converted, 12 rejected"), "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: run.out.appendingPathComponent("summary.json"))) as? [String: Any]
        let encoding = (summary?["input"] as? [String: Any])?["encoding"] as? String ?? ""
        #expect(encoding.hasPrefix("utf-8 (detected"), "\(encoding)")
        let rejects = try String(contentsOf: run.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("row [invalid-encoding] line 2, column \"\"Ort\"\": bytes that are not valid utf-8"), "\(rejects.prefix(2000))")
        let main = try String(decoding: unzipEntry(run.out.appendingPathComponent("CUST_10001.zip"), "main.json"), as: UTF8.self)
        #expect(main.contains("\"foreName\":\"Jürgen\""), "\(main.prefix(400))")
    }

    /// The sample with `edit` applied to its text, written to `work`, and its attachments copied beside it.
    static func editedSample(in work: URL, _ edit: (String) -> String) throws -> URL {
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        let input = work.appendingPathComponent("export.csv")
        try Data(edit(text).utf8).write(to: input)
        try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent("samples/attachments"), to: work.appendingPathComponent("attachments"))
        return input
    }

    @Test("an attachment named in decomposed Unicode is found by exactly those bytes, and a composed reference finds it too")
    func decomposedFileName() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let decomposed = "Mu\u{0308}ller-ausweis.pdf"   // "Müller" as macOS writes file names
        let composed = "M\u{00FC}ller2-ausweis.pdf"
        let input = try Self.editedSample(in: work) { text in
            text.replacingOccurrences(of: ";10000-ausweis.pdf;", with: ";\(decomposed);")
                .replacingOccurrences(of: ";10001-ausweis.pdf;", with: ";\(composed);")
        }
        let attachments = work.appendingPathComponent("attachments")
        try FileManager.default.moveItem(atPath: attachments.appendingPathComponent("10000-ausweis.pdf").path,
                                         toPath: attachments.path + "/" + decomposed)
        try FileManager.default.moveItem(atPath: attachments.appendingPathComponent("10001-ausweis.pdf").path,
                                         toPath: attachments.path + "/" + "Mu\u{0308}ller2-ausweis.pdf")
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"), extra: ["--attachments", attachments.path])
        #expect(run.stderr.contains("61 rows: 50 converted, 11 rejected"), "\(run.stderr)")
        let check = """
        import json, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        names = z.namelist()
        doc = json.loads(z.read('main.json'))
        print(names[1].encode().hex(), doc['customers'][0]['events'][0]['file'].encode().hex())
        """
        let listed = try runTool("/usr/bin/env", ["python3", "-c", check, run.out.appendingPathComponent("CUST_10000.zip").path])
        let expected = Data(decomposed.utf8).map { String(format: "%02x", $0) }.joined()
        #expect(listed.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(expected) \(expected)", "\(listed.output)")
        #expect(FileManager.default.fileExists(atPath: run.out.appendingPathComponent("CUST_10001.zip").path))
    }

    @Test("a cell a person typed as '=Anna keeps its apostrophe through two round trips")
    func typedApostrophe() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        // Row 10005 is rejected (31.02.1990), so it goes to rejects.csv and back.
        let input = try Self.editedSample(in: work) { $0.replacingOccurrences(of: "10005;06.03.2025 10:05;Mr;Prof. Dr.;David;", with: "10005;06.03.2025 10:05;Mr;Prof. Dr.;'=David;") }
        let out = work.appendingPathComponent("out")
        _ = try E2E.convert(input: input.path, out: out)
        for round in 1...2 {
            let rejects = try String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8)
            #expect(rejects.contains(";''=David;"), "round \(round)")
            let fedBack = work.appendingPathComponent("rejects-\(round).csv")
            try FileManager.default.copyItem(at: out.appendingPathComponent("rejects.csv"), to: fedBack)
            _ = try E2E.convert(input: fedBack.path, out: out)
        }
    }

    @Test("a customer id holding a NUL is reported as a control character, not as empty")
    func nulInID() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = try Self.editedSample(in: work) { $0.replacingOccurrences(of: "\r\n10002;", with: "\r\n100\u{0}02;") }
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"))
        let rejects = try String(contentsOf: run.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("customer.id [control-character] the customer id (Kundennr) \"\"100\\u{0}02\"\" holds a control character"), "\(rejects.suffix(3000))")
        #expect(!rejects.contains("is empty; keys cannot be built"))
    }

    @Test("UTF-16 text without a byte order mark stops with exit 2 and names the encoding to set")
    func utf16WithoutMark() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        let input = work.appendingPathComponent("export.txt")
        try #require(text.data(using: .utf16LittleEndian)).write(to: input)
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("looks like utf-16le text without a byte order mark"), "\(run.stderr)")
    }

    @Test("a file mixing UTF-8 and Windows-1252 in like measure stops with exit 2 and asks for input.encoding")
    func mixedEncodings() throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("export.csv")
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        // The first half as UTF-8, the second as Windows-1252, as two exports pasted together.
        var bytes = [UInt8](lines[..<31].joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
        bytes += try #require(lines[31...].joined(separator: "\r\n").data(using: .windowsCP1252))
        try Data(bytes).write(to: input)
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the encoding cannot be told"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.out.path))
    }

    @Test("a named pipe or a device as INPUT is refused at once with exit 2", arguments: ["fifo", "/dev/zero"])
    func specialFiles(_ kind: String) throws {
        let work = try Self.work()
        defer { try? FileManager.default.removeItem(at: work) }
        var input = kind
        if kind == "fifo" {
            input = work.appendingPathComponent("export.csv").path
            try #require(mkfifo(input, 0o600) == 0)
        }
        let run = try E2E.convert(input: input, out: work.appendingPathComponent("out"))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(kind == "fifo" ? "it is a named pipe" : "it is a device"), "\(run.stderr)")
    }

    @Test("the decoded copy of a Windows-1252 export has no name in TMPDIR, during the run and after kill -9")
    func noPlaintextCopyLeft() throws {
        let (work, big) = try Unattended.workWithBigInput()
        defer { try? FileManager.default.removeItem(at: work) }
        let legacy = work.appendingPathComponent("export-1252.csv")
        let text = try String(contentsOfFile: big, encoding: .utf8)
        try #require(text.data(using: .windowsCP1252)).write(to: legacy)
        let temporary = work.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let out = work.appendingPathComponent("out")
        let process = Process()
        process.executableURL = E2E.binary
        process.currentDirectoryURL = E2E.packageRoot
        process.arguments = Unattended.sampleArguments(out: out, input: legacy.path)
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var zips = 0
        for _ in 0..<500 where zips < 100 {
            usleep(10_000)
            zips = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { $0.hasSuffix(".zip") }.count
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty, "a named copy exists during the run")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(zips >= 100, "the run ended before it could be watched")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty, "the copy outlived the run")
    }
}

/// Exports with a title block above the header.
@Suite("Header rows")
struct HeaderRowTests {
    typealias E2E = SampleConversionTests

    @Test("a CSV with a title block converts as the bare export does, the rows above the header counted in summary.json")
    func titleBlock() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("title-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let text = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        let input = work.appendingPathComponent("export.csv")
        try Data(("Kundenexport März 2025\r\n\r\nFilter: alle Kunden\r\n" + text).utf8).write(to: input)
        let run = try E2E.convert(input: input.path, out: work.appendingPathComponent("out"))
        #expect(run.stderr.contains("61 rows: 50 converted, 11 rejected"), "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: run.out.appendingPathComponent("summary.json"))) as? [String: Any]
        let inputInfo = summary?["input"] as? [String: Any]
        #expect(inputInfo?["headerRow"] as? Int == 4 && inputInfo?["rowsAboveHeader"] as? Int == 2)
        let bare = try E2E.convert(out: work.appendingPathComponent("bare"))
        let zip = { (run: SampleConversionTests.Run) in try Data(contentsOf: run.out.appendingPathComponent("CUST_10000.zip")) }
        #expect(try zip(run) == zip(bare))
        // Rows keep the numbers a person sees in the file: three lines more than in the bare export.
        let rejects = try String(contentsOf: run.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains(";9;10;\"person.birthDate [invalid-date]"), "\(rejects.prefix(1500))")
    }
}
