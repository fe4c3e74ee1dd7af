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
