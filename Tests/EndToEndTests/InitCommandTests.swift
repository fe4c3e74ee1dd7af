import Foundation
import Testing

/// `reliance-convert init` as a person runs it: `--header-row`, and a header whose names hold
/// control and bidi characters printed with `--out -`.
@Suite("init on the command line", .serialized)
struct InitCommandTests {
    typealias CLI = CommandLineTests

    static func export(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("init-cli-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("--out - prints no control or bidi character of the header raw, and the names stay recognisable")
    func escapedOutput() throws {
        let url = try Self.export("Kunden\u{1B}[2Jnr;Vor\u{07}name;Nach\u{9B}name;\u{202E}Land\n1;Anna;Muster;DE\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try CLI.run(["init", url.path, "--out", "-"])
        #expect(run.status == 0, "\(run.stderr)")
        let raw = run.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.properties.generalCategory == .format }
        #expect(raw.isEmpty, "\(raw.map { String($0.value, radix: 16) })")
        #expect(run.stdout.contains("\"Vor\\aname\"") && run.stdout.contains("\\u202ELand"), "\(run.stdout)")
    }

    @Test("--header-row names the header's row; a row below 1 is refused")
    func headerRow() throws {
        let url = try Self.export("Bestand;01.03.2025\nKundennr;Vorname;Nachname\nNr;Vorname;Name\n1;Anna;Muster\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try CLI.run(["init", url.path, "--out", "-", "--header-row", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("header_row: 3") && run.stdout.contains("surName: Name"), "\(run.stdout)")
        let refused = try CLI.run(["init", url.path, "--out", "-", "--header-row", "0"])
        #expect(refused.status == 2 && refused.stderr.contains("--header-row 0"), "\(refused.stderr)")
        let beyond = try CLI.run(["init", url.path, "--out", "-", "--header-row", "9"])
        #expect(beyond.status == 2 && beyond.stderr.contains("--header-row is 9"), "\(beyond.stderr)")
    }
}
