import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `upload` command as cron runs it: exit codes, secrets, a crash and a rerun.
@Suite("upload command", .serialized)
struct UploadCommandTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reliance-convert")
    }

    /// Starts `reliance-convert upload` with `arguments`, through `launcher` when one is given
    /// (e.g. `prlimit --nofile=13`).
    static func start(_ arguments: [String], password: String, launcher: [String] = []) throws -> (Process, Pipe, CapturedOutput) {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = launcher.dropFirst() + [binary.path, "upload"] + arguments
        } else {
            process.executableURL = binary
            process.arguments = ["upload"] + arguments
        }
        process.environment = ["CONCEDUS_USERNAME": "partner", "CONCEDUS_PASSWORD": password, "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        let err = try CapturedOutput()
        process.standardOutput = out
        process.standardError = err.handle
        try process.run()
        return (process, out, err)
    }

    static func finish(_ run: (Process, Pipe, CapturedOutput)) throws -> (Int32, String) {
        let output = run.1.fileHandleForReading.readDataToEndOfFile()
        run.0.waitUntilExit()
        return (run.0.terminationStatus, String(decoding: output + (try run.2.data()), as: UTF8.self))
    }

    @Test("success exits 0; wrong credentials exit 2; the password never appears in output or files")
    func exitCodesAndSecrets() throws {
        let server = FakeConcedus()
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try Self.finish(try Self.start([folder.path, "--url", url], password: server.password))
        #expect(status == 0, "\(output)")
        #expect(!output.contains(server.password))
        let results = try String(contentsOf: folder.appendingPathComponent("upload-results.csv"), encoding: .utf8)
        #expect(!results.contains(server.password))
        #expect(server.accepted == ["CUST_1": 1, "CUST_2": 1])

        try writeZIP("CUST_3", in: folder)
        let (refused, message) = try Self.finish(try Self.start([folder.path, "--url", url], password: "not-the-password"))
        #expect(refused == 2)
        #expect(message.contains("refused the credentials"))
        #expect(!message.contains("not-the-password"))
        let (bad, usage) = try Self.finish(try Self.start([folder.path, "--url", "ftp://nowhere"], password: server.password))
        #expect(bad == 2 && usage.contains("not an http or https URL"))
    }

    @Test("killed mid-run, a rerun sends only what was not recorded as accepted")
    func crashAndResume() throws {
        let server = FakeConcedus()
        server.uploadDelay = 0.4
        let url = try server.start()
        defer { server.stop() }
        let keys = (1...12).map { "CUST_\($0)" }
        let folder = try makeFolder(keys)
        defer { try? FileManager.default.removeItem(at: folder) }
        let running = try Self.start([folder.path, "--url", url, "--concurrency", "1"], password: server.password)
        // Kill as soon as the first upload is recorded, whatever the machine's load.
        let log = folder.appendingPathComponent("upload-results.csv").path
        for _ in 0..<3000 {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), text.contains(",accepted,") { break }
            usleep(20_000)
        }
        kill(running.0.processIdentifier, SIGKILL)
        running.0.waitUntilExit()
        _ = try running.2.data()
        let recorded = try results(folder).filter { $0[3] == "accepted" }.map { $0[0] }
        #expect(!recorded.isEmpty && recorded.count < keys.count)
        let (status, _) = try Self.finish(try Self.start([folder.path, "--url", url, "--concurrency", "2"], password: server.password))
        #expect(status == 0)
        for key in keys { #expect((server.accepted[key] ?? 0) >= 1, "\(key) was never accepted") }
        for key in recorded { #expect(server.accepted[key] == 1, "\(key) was recorded as accepted but sent again") }
    }
}
