import Foundation
import RelianceKit
@testable import RelianceStudio

/// A studio over a copy of the sample export and its mapping, in a folder of its own.
struct StudioFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder: String
    let input: String
    let mapping: String
    let app: StudioApp
    var session: StudioSession { app.session }

    /// - Parameters:
    ///   - mappingText: the mapping to start from; nil for none (the studio starts from init's proposal).
    ///   - export: a change to the sample export's text before the studio reads it.
    init(mappingText: String? = StudioFixture.sampleMapping, export: (String) -> String = { $0 }) throws {
        folder = NSTemporaryDirectory() + "studio-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        input = folder + "/kunden-export.csv"
        mapping = folder + "/mapping.yaml"
        let sample = try String(contentsOf: StudioFixture.repository.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
        try export(sample).write(toFile: input, atomically: true, encoding: .utf8)
        if let mappingText { try mappingText.write(toFile: mapping, atomically: true, encoding: .utf8) }
        var options = StudioSession.Options(inputPath: input, mappingPath: mapping, fixedPath: folder + "/fixed.csv")
        options.attachmentsDirectory = StudioFixture.repository.appendingPathComponent("samples/attachments").path
        options.asOf = CivilDate(year: 2026, month: 1, day: 15)
        options.now = CivilDateTime(secondsSinceEpoch: 1_768_471_200)
        app = StudioApp(session: try StudioSession(options), token: String(repeating: "ab", count: 32), port: 4711)
    }

    static let sampleMapping: String = {
        let text = (try? String(contentsOf: repository.appendingPathComponent("mappings/kunden-export.yaml"), encoding: .utf8)) ?? ""
        // The copy sits elsewhere: its attachments are named by the session's options instead.
        return text.replacingOccurrences(of: "  attachments: ../samples/attachments\n", with: "")
    }()

    /// The options `validate`, `preview` and `convert` take for the same export and mapping.
    func convertOptions(output: String = "") -> ConvertOptions {
        var options = ConvertOptions(inputPath: input, mappingPath: mapping, outputDirectory: output.isEmpty ? folder + "/out" : output)
        options.attachmentsDirectory = session.options.attachmentsDirectory
        options.asOf = session.options.asOf
        options.now = session.options.now
        return options
    }

    // MARK: Requests as the page sends them

    static let cookie = ("Cookie", "reliance_studio=" + String(repeating: "ab", count: 32))

    func get(_ uri: String, headers: [(String, String)]? = nil) -> StudioResponse {
        app.handle(StudioRequest(method: "GET", uri: uri, headers: (headers ?? [("Host", "127.0.0.1:4711"), StudioFixture.cookie]).map { (name: $0.0, value: $0.1) }))
    }

    func post(_ uri: String, _ body: String = "{}", headers: [(String, String)]? = nil) -> StudioResponse {
        let standard = [("Host", "127.0.0.1:4711"), StudioFixture.cookie, ("X-Studio-Token", String(repeating: "ab", count: 32)),
                        ("Content-Type", "application/json"), ("Origin", "http://127.0.0.1:4711")]
        return app.handle(StudioRequest(method: "POST", uri: uri, headers: (headers ?? standard).map { (name: $0.0, value: $0.1) }, body: Array(body.utf8)))
    }

    func json(_ response: StudioResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    func mappingOnDisk() -> String {
        (try? String(contentsOfFile: mapping, encoding: .utf8)) ?? ""
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
