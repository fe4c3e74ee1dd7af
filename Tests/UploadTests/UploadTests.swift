import CSVCore
import FileSystem
import Foundation
import RelianceKit
import TestSupport
import Testing
import ZipArchive
@testable import RelianceUpload

/// A folder of small Reliance ZIPs, one per key.
func makeFolder(_ keys: [String]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for key in keys { try writeZIP(key, in: folder) }
    return folder
}

/// Writes a small ZIP for `key` and, as a convert run does, lists every ZIP of the folder in its manifest.
func writeZIP(_ key: String, in folder: URL, note: String = "", listed: Bool = true) throws {
    var writer = ZipWriter()
    try writer.addEntry(named: "main.json", contents: Array(#"{"customers":[{"key":"\#(key)","note":"\#(note)"}]}"#.utf8))
    try Data(writer.finish()).write(to: folder.appendingPathComponent("\(key).zip"))
    if listed { try writeManifest(folder) }
}

/// `manifest.csv` listing every `*.zip` of the folder with its SHA-256 now.
func writeManifest(_ folder: URL, except: Set<String> = []) throws {
    var text = "\u{FEFF}key,zip,sha256,row,line,attachments,source_sha256\r\n"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".zip") && !except.contains($0) }.sorted()
    for (index, name) in names.enumerated() {
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
        text += "\(name.dropLast(4)),\(name),\(SHA.sha256Hex(bytes)),\(index + 2),\(index + 2),,\r\n"
    }
    try Data(text.utf8).write(to: folder.appendingPathComponent("manifest.csv"))
}

func results(_ folder: URL) throws -> [[String]] {
    let reader = try CSVReader(path: folder.appendingPathComponent("upload-results.csv").path, delimiter: UInt8(ascii: ","))
    var record = CSVRecord()
    var rows: [[String]] = []
    while try reader.next(into: &record) { rows.append(record.fields.map { String(decoding: $0, as: UTF8.self) }) }
    return Array(rows.dropFirst())
}

/// The partner login every fake server accepts.
let partnerCredentials = Credentials(username: "partner", password: "s3cret-Passw0rd!")

/// Options for a test upload of `folder` to `url`: retries come quickly.
func uploadOptions(_ folder: URL, _ url: String, maxAttempts: Int) -> UploadOptions {
    var options = UploadOptions(directory: folder.path, baseURL: url)
    options.backoffSeconds = 0.02
    options.maxAttempts = maxAttempts
    return options
}

@Suite("Upload", .serialized)
struct UploadTests {
    let server = FakeConcedus()
    let credentials = partnerCredentials

    func options(_ folder: URL, _ url: String) -> UploadOptions {
        uploadOptions(folder, url, maxAttempts: 4)
    }

    @Test("every ZIP is sent once with a bearer token and recorded with its ident links")
    func uploadsAll() async throws {
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2", "CUST_3"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(summary.accepted == 3 && summary.exitCode == 0)
        #expect(server.accepted == ["CUST_1": 1, "CUST_2": 1, "CUST_3": 1])
        #expect(server.authentications == 1)
        let rows = try results(folder)
        #expect(rows.map { $0[0] }.sorted() == ["CUST_1", "CUST_2", "CUST_3"])
        #expect(rows.allSatisfy { $0[3] == "accepted" && $0[4] == "200" && $0[5].hasPrefix("https://ident.example/") })
    }

    @Test("tokens are refreshed before they expire, and a revoked token is replaced once")
    func tokenLifecycle() async throws {
        server.tokenLifetime = 21  // usable for about one second: every upload below outlives it
        server.uploadDelay = 0.6
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder((1...4).map { "CUST_\($0)" })
        defer { try? FileManager.default.removeItem(at: folder) }
        var opts = options(folder, url)
        opts.concurrency = 1
        let summary = try await Uploader.run(opts, credentials: credentials)
        #expect(summary.accepted == 4)
        #expect(server.refreshes >= 1)
        #expect(server.unauthorized == 0, "no upload went out with an expired token")

        server.revokeTokens()
        try writeZIP("CUST_5", in: folder)
        let again = try await Uploader.run(opts, credentials: credentials)
        #expect(again.accepted == 1 && again.skipped == 4)
        #expect(server.accepted["CUST_5"] == 1)
    }

    @Test("a 401 on upload authenticates again once and retries")
    func reauthenticatesOn401() async throws {
        server.revokeAfterAccepted = 1
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2", "CUST_3"])
        defer { try? FileManager.default.removeItem(at: folder) }
        var opts = options(folder, url)
        opts.concurrency = 1
        let summary = try await Uploader.run(opts, credentials: credentials)
        #expect(summary.accepted == 3)
        #expect(server.unauthorized == 1)
        #expect(server.authentications == 2)
        #expect(server.accepted == ["CUST_1": 1, "CUST_2": 1, "CUST_3": 1])
    }

    @Test("429 honours Retry-After; 503 retries with backoff; 400 is a final rejection with its reason")
    func responseClasses() async throws {
        server.script = [
            "CUST_429": [.init(status: 429, retryAfter: "1")],
            "CUST_503": [.init(status: 503), .init(status: 503)],
            "CUST_400": [.init(status: 400)],
            "CUST_DOWN": Array(repeating: .init(status: 503), count: 10),
        ]
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_429", "CUST_503", "CUST_400", "CUST_DOWN", "CUST_OK"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = Date()
        let summary = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(Date().timeIntervalSince(started) >= 1, "Retry-After: 1 was honoured")
        #expect(summary.accepted == 3 && summary.rejected == 1 && summary.failed == 1 && summary.exitCode == 1)
        let rows = Dictionary(uniqueKeysWithValues: try results(folder).map { ($0[0], $0) })
        #expect(rows["CUST_429"]?[3] == "accepted" && rows["CUST_429"]?[6] == "2")
        #expect(rows["CUST_503"]?[3] == "accepted" && rows["CUST_503"]?[6] == "3")
        #expect(rows["CUST_400"]?[3] == "rejected" && rows["CUST_400"]?[4] == "400")
        #expect(rows["CUST_400"]?[5].contains("birthDate missing for CUST_400") == true)
        #expect(rows["CUST_DOWN"]?[3] == "failed" && rows["CUST_DOWN"]?[6] == "4")
        #expect(server.accepted["CUST_400"] == nil && server.accepted["CUST_DOWN"] == nil)
    }

    @Test("wrong credentials stop the run before any ZIP is sent")
    func wrongCredentials() async throws {
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect(throws: UploadError.self) {
            _ = try await Uploader.run(options(folder, url), credentials: Credentials(username: "partner", password: "wrong"))
        }
        #expect(server.accepted.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("upload-results.csv").path))
    }

    @Test("a rerun sends nothing already accepted, and sends a ZIP again when it changed")
    func resume() async throws {
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2"])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Uploader.run(options(folder, url), credentials: credentials)
        let second = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(second.skipped == 2 && second.accepted == 0)
        try writeZIP("CUST_2", in: folder, note: "changed")
        let third = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(third.skipped == 1 && third.accepted == 1)
        #expect(server.accepted == ["CUST_1": 1, "CUST_2": 2])
        var dry = options(folder, url)
        dry.dryRun = true
        try writeZIP("CUST_3", in: folder)
        let planned = try await Uploader.run(dry, credentials: nil)
        #expect(planned.planned.count == 1 && planned.planned[0].hasPrefix("CUST_3.zip "))
    }

    @Test("exactly the manifest's ZIPs are sent: a ZIP it does not list, one changed since, or a symlink to a file outside never is")
    func sendsWhatTheManifestLists() async throws {
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2", "CUST_3"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try writeZIP("CUST_9", in: folder, listed: false)
        try writeZIP("CUST_2", in: folder, note: "changed after the run", listed: false)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try writeZIP("CUST_4", in: outside, listed: false)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("CUST_4.zip"), withDestinationURL: outside.appendingPathComponent("CUST_4.zip"))
        // The manifest names CUST_4.zip with the outside file's hash, as if someone planted both.
        var manifest = try String(contentsOf: folder.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let outsideSHA = SHA.sha256Hex(try [UInt8](Data(contentsOf: outside.appendingPathComponent("CUST_4.zip"))))
        manifest += "CUST_4,CUST_4.zip,\(outsideSHA),9,9,,\r\n"
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.csv"))

        let summary = try await Uploader.run(options(folder, url), credentials: credentials)
        #expect(server.accepted == ["CUST_1": 1, "CUST_3": 1])
        #expect(summary.unlisted == ["CUST_9.zip"])
        #expect(summary.accepted == 2 && summary.failed == 2 && summary.exitCode == 1)
        let rows = try results(folder)
        let changed = try #require(rows.first { $0[0] == "CUST_2" })
        #expect(changed[3] == "failed" && changed[5].contains("does not match manifest.csv"), "\(changed)")
        let linked = try #require(rows.first { $0[0] == "CUST_4" })
        #expect(linked[3] == "failed" && linked[5].contains("symbolic link"), "\(linked)")
    }

    @Test("a folder renamed away mid-upload and replaced by a link to another folder: every ZIP still comes from, and every result goes to, the folder opened")
    func folderSwappedDuringUpload() async throws {
        server.uploadDelay = 0.1
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder((1...8).map { "CUST_\($0)" })
        defer { try? FileManager.default.removeItem(at: folder) }
        let moved = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + "-moved")
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("elsewhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: moved)
            try? FileManager.default.removeItem(at: elsewhere)
            try? FileManager.default.removeItem(at: folder)
        }
        var opts = options(folder, url)
        opts.concurrency = 1
        let upload = Task { try await Uploader.run(opts, credentials: credentials) }
        // Once the first result is written, the folder goes and a link to another takes its name.
        for _ in 0..<2000 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(Uploader.resultsName).path) {
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        try FileManager.default.moveItem(at: folder, to: moved)
        try FileManager.default.createSymbolicLink(at: folder, withDestinationURL: elsewhere)
        let summary = try await upload.value
        #expect(summary.accepted == 8 && summary.failed == 0, "\(summary)")
        #expect(server.accepted.count == 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "the linked folder received files")
        #expect(try results(moved).count == 8)
    }

    @Test("a folder without a manifest is refused before anything is sent")
    func noManifest() async throws {
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1"])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("manifest.csv"))
        await #expect(throws: UploadError.self) { _ = try await Uploader.run(options(folder, url), credentials: credentials) }
        #expect(server.accepted.isEmpty)
    }

    @Test("a manifest with a malformed line or without its key column is refused, naming it, before anything is sent",
          arguments: ["key,zip,sha256\r\nCUST_1,\"CUST_1.zip\"x,0\r\n", "id,zip,sha256\r\nCUST_1,CUST_1.zip,0\r\n"])
    func unreadableManifest(_ manifest: String) async throws {
        let url = try server.start()
        defer { server.stop() }
        let folder = try makeFolder(["CUST_1", "CUST_2"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(("\u{FEFF}" + manifest).utf8).write(to: folder.appendingPathComponent("manifest.csv"))
        await #expect {
            _ = try await Uploader.run(options(folder, url), credentials: credentials)
        } throws: { error in
            "\(error)".contains("manifest.csv")
        }
        #expect(server.accepted.isEmpty)
    }

    @Test("uploads run in parallel, as many at once as --concurrency and never more", arguments: [3, 16])
    func concurrency(_ concurrency: Int) async throws {
        server.uploadDelay = 0.3
        let url = try server.start()
        defer { server.stop() }
        // Above 8 the HTTP client's default pool (8 connections per host) would hold it back.
        let count = concurrency * 2 + 1
        let folder = try makeFolder((1...count).map { "CUST_\($0)" })
        defer { try? FileManager.default.removeItem(at: folder) }
        var opts = options(folder, url)
        opts.concurrency = concurrency
        let summary = try await Uploader.run(opts, credentials: credentials)
        #expect(summary.accepted == count)
        // As many in flight at once as allowed shows they ran in parallel; how long the run took
        // would show the machine's load as well.
        #expect(server.maxInFlight == concurrency)
    }

    @Test("credentials come from the environment or a private file, and are never shown")
    func credentialSources() throws {
        let fromEnvironment = try Credentials.load(file: nil, environment: ["CONCEDUS_USERNAME": "u", "CONCEDUS_PASSWORD": "p4ss"])
        #expect(fromEnvironment.username == "u")
        #expect(!"\(fromEnvironment)".contains("p4ss") && !String(reflecting: fromEnvironment).contains("p4ss"))
        #expect(throws: UploadError.self) { try Credentials.load(file: nil, environment: [:]) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)")
        try Data("CONCEDUS_USERNAME=u\nCONCEDUS_PASSWORD=p4ss\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        chmod(file.path, 0o644)
        #expect(throws: UploadError.self) { try Credentials.load(file: file.path, environment: [:]) }
        chmod(file.path, 0o600)
        #expect(try Credentials.load(file: file.path, environment: [:]).username == "u")
    }

    @Test("an upload-results.csv that cannot be read is named as the user gave the folder")
    func unreadableLog() throws {
        let folder = try makeFolder([])
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder where the log should be: it exists, but reading it fails.
        let log = folder.appendingPathComponent("upload-results.csv")
        try FileManager.default.createDirectory(at: log, withIntermediateDirectories: false)
        let handle = try FolderHandle(path: folder.path)
        do {
            _ = try ResultsLog(name: "upload-results.csv", in: handle, shown: "out/upload-results.csv")
            Issue.record("a folder was read as the results log")
        } catch {
            // Named once, as the user gave the folder: never through the descriptor's /proc/self/fd path.
            #expect(error.description == "error: cannot read out/upload-results.csv: cannot open: it is a folder, not a file", "\(error)")
        }
    }

    @Test("Retry-After as seconds or an HTTP date; backoff doubles with jitter")
    func timing() {
        var opts = UploadOptions(directory: "/tmp", baseURL: "http://x")
        opts.backoffSeconds = 1
        #expect(Uploader.retryAfter("3", options: opts) == 3)
        #expect(Uploader.retryAfter("99999", options: opts) == 300)
        #expect(Uploader.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", options: opts) == 0)
        #expect(Uploader.retryAfter("soon", options: opts) == nil)
        for attempt in 1...4 {
            let delay = Uploader.backoff(attempt, opts)
            let base = pow(2, Double(attempt - 1))
            #expect(delay >= base * 0.5 && delay <= base * 1.5)
        }
    }
}
