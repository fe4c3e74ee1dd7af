import Foundation
import Testing

/// A fed-back `rejects.csv` as LibreOffice saves it in German (`;`, Windows-1252, two-digit years)
/// converts with the mapping's strict formats; the same row in an export is rejected.
@Suite("A rejects.csv re-saved by an office program", .serialized)
struct OfficeResaveTests {
    typealias E2E = SampleConversionTests

    /// Row 10001 of the sample with its dates in LibreOffice's German short form.
    static let row = "10001;02.03.25 10:01;Herr;;Jürgen;Fischer;Grimmaische Str.;2;4109;Leipzig;DE;12.06.47;Köln;DE;DE;;+49 30 555 1234;;;"
        + "juergen.fischer@example.de;Nein;WEBID;Reisepass;DE;L01X07919;;02.02.17;02.02.27;VIDEO;02.05.24 09:07;02.05.24 10:07;nein;"
        + "2024-11-02T14:06:00+01:00;;;n;2024-11-02T14:06:00Z;nein;DE02120300000000202051;BYLADEM1001;DKB;2;;10001-ausweis.pdf;02.05.24"

    static func write(_ text: String, named name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("office-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try #require(text.data(using: .windowsCP1252)).write(to: url)
        return url
    }

    static var header: String {
        get throws {
            let sample = try String(contentsOf: E2E.packageRoot.appendingPathComponent("samples/kunden-export.csv"), encoding: .utf8)
            return String(sample.split(whereSeparator: \.isNewline).first ?? "")
        }
    }

    @Test("fed back, every date in the office spelling of its format converts to the date the person typed")
    func fedBack() throws {
        let input = try Self.write(try Self.header + ";_row;_line;_errors\r\n" + Self.row + ";3;3;x\r\n", named: "rejects.csv")
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let run = try E2E.convert(input: input.path, out: input.deletingLastPathComponent().appendingPathComponent("out"))
        #expect(run.status == 0, "\(run.stderr)")
        let main = try unzipEntry(run.out.appendingPathComponent("CUST_10001.zip"), "main.json")
        let text = String(decoding: main, as: UTF8.self)
        for value in [#""modified":"2025-03-02T10:01:00""#, #""birthDate":"1947-06-12""#, #""issueDate":"2017-02-02""#,
                      #""expireDate":"2027-02-02""#, #""approveTime":"2024-05-02T09:07:00""#, #""date":"2024-05-02""#, #""zip":"04109""#] {
            #expect(text.contains(value), "\(value) not in \(text)")
        }
    }

    @Test("in an export the same spellings are rejected: the mapping's formats are the export's contract")
    func export() throws {
        let input = try Self.write(try Self.header + "\r\n" + Self.row + "\r\n", named: "export.csv")
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let run = try E2E.convert(input: input.path, out: input.deletingLastPathComponent().appendingPathComponent("out"))
        #expect(run.status == 1)
        let rejects = try String(contentsOf: run.out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("[invalid-timestamp] \"\"02.03.25 10:01\"\" matches none of dd.MM.yyyy HH:mm"))
    }
}
