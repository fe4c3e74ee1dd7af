import Foundation
import RelianceKit
import TestSupport
import Testing
import ZipArchive

@Suite("inspect", .serialized)
struct InspectTests {
    typealias E2E = SampleConversionTests
    static let asOf = CivilDate(iso: "2026-01-15")!

    static func golden() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: E2E.golden.appendingPathComponent("CUST_10000.main.json")))
    }

    static func zip(_ entries: [(String, [UInt8])], name: String = "CUST_10000.zip") throws -> String {
        var writer = ZipWriter()
        for (entryName, bytes) in entries { try writer.addEntry(named: entryName, contents: bytes) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(writer.finish()).write(to: url)
        return url.path
    }

    /// The error codes of the ZIP at `path`, which is removed afterwards, with the folder `zip` made for it.
    static func codes(_ path: String) -> [FindingCode] {
        defer { remove(path) }
        return PackageInspector.inspect(path: path, asOf: asOf).findings.filter { $0.severity == .error }.map(\.code)
    }

    /// Removes a ZIP written by a test, and the folder `zip` made for it.
    static func remove(_ path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try? FileManager.default.removeItem(at: folder.lastPathComponent.hasPrefix("inspect-") ? folder : url)
    }

    @Test("every ZIP the converter wrote passes")
    func acceptsOwnZIPs() throws {
        let run = try E2E.convert()
        defer { try? FileManager.default.removeItem(at: run.out) }
        let zips = try FileManager.default.contentsOfDirectory(atPath: run.out.path).filter { $0.hasSuffix(".zip") }
        #expect(zips.count == 50)
        for name in zips {
            let report = PackageInspector.inspect(path: run.out.appendingPathComponent(name).path, asOf: Self.asOf, vendors: ["POSTIDENT"])
            #expect(report.passed, "\(name): \(report.findings)")
        }
    }

    @Test("an extra entry, a missing attachment, a bad main.json and a damaged archive are each refused with a reason")
    func refusesBadZIPs() throws {
        let main = try Self.golden()
        let pdf = Array("%PDF-1.4\n".utf8)
        #expect(Self.codes(try Self.zip([("main.json", main), ("10000-ausweis.pdf", pdf)])) == [])
        #expect(Self.codes(try Self.zip([("main.json", main), ("10000-ausweis.pdf", pdf), ("notes.txt", pdf)])) == [.extraEntry])
        #expect(Self.codes(try Self.zip([("main.json", main)])) == [.attachmentMissing])
        #expect(Self.codes(try Self.zip([("10000-ausweis.pdf", pdf)])) == [.missingMainJSON])
        #expect(Self.codes(try Self.zip([("main.json", Array("{\"customers\": [".utf8)), ("10000-ausweis.pdf", pdf)])) == [.invalidJSON])
        let text = String(decoding: main, as: UTF8.self)
        let badDate = text.replacingOccurrences(of: "\"birthDate\":\"1940-01-01\"", with: "\"birthDate\":\"01.01.1940\"")
        #expect(Self.codes(try Self.zip([("main.json", Array(badDate.utf8)), ("10000-ausweis.pdf", pdf)])) == [.invalidDate])
        let unknown = text.replacingOccurrences(of: "\"foreName\":", with: "\"firstName\": \"x\", \"foreName\":")
        #expect(Self.codes(try Self.zip([("main.json", Array(unknown.utf8)), ("10000-ausweis.pdf", pdf)])) == [.unknownField])
        let noKYC = text.replacingOccurrences(of: "\"name\":\"KYC\"", with: "\"name\":\"Provider\"")
        #expect(Self.codes(try Self.zip([("main.json", Array(noKYC.utf8)), ("10000-ausweis.pdf", pdf)])) == [.missingKYC])
        let wrongType = text.replacingOccurrences(of: "\"pep\":true", with: "\"pep\":\"yes\"")
        #expect(Self.codes(try Self.zip([("main.json", Array(wrongType.utf8)), ("10000-ausweis.pdf", pdf)])).contains(.wrongType))

        let intact = try Self.zip([("main.json", main), ("10000-ausweis.pdf", pdf)])
        var damaged = [UInt8](try Data(contentsOf: URL(fileURLWithPath: intact)))
        Self.remove(intact)
        damaged[45] ^= 0xFF
        let damagedPath = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).zip")
        try Data(damaged).write(to: damagedPath)
        #expect(Self.codes(damagedPath.path).contains(.damagedArchive))
        let truncated = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID().uuidString).zip")
        try Data(damaged.prefix(100)).write(to: truncated)
        #expect(Self.codes(truncated.path) == [.damagedArchive])
    }

    @Test("a ZIP of more entries than a package holds is refused as damaged or hostile before its entries are read", arguments: [10_000, 10_001])
    func entryLimit(_ count: Int) throws {
        let entries = [("main.json", try Self.golden()), ("10000-ausweis.pdf", Array("%PDF".utf8))]
            + (3...count).map { ("extra-\($0).txt", [UInt8]()) }
        let path = try Self.zip(entries)
        defer { Self.remove(path) }
        let findings = PackageInspector.inspect(path: path, asOf: Self.asOf).findings.filter { $0.severity == .error }
        if count > 10_000 {
            #expect(findings.map(\.code) == [.damagedArchive])
            #expect(findings.first?.message.contains("lists 10001 entries, more than the 10000 it may hold here") == true, "\(findings.first?.message ?? "")")
        } else {
            #expect(Set(findings.map(\.code)) == [.extraEntry] && findings.count == count - 2)
        }
    }

    @Test("duplicate entry names written by another tool are refused")
    func duplicateEntries() throws {
        let main = try Self.golden()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).zip")
        let script = """
        import sys, zipfile, warnings
        warnings.simplefilter('ignore')
        with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('main.json', open(sys.argv[2], 'rb').read())
            z.writestr('10000-ausweis.pdf', b'%PDF-1.4')
            z.writestr('10000-ausweis.pdf', b'%PDF-1.5')
        """
        let golden = E2E.golden.appendingPathComponent("CUST_10000.main.json").path
        #expect(try runTool("/usr/bin/env", ["python3", "-c", script, url.path, golden]).status == 0)
        #expect(main.count > 0)
        #expect(Self.codes(url.path).contains(.duplicateEntry))
    }

    @Test("the command exits 0 when all pass, 1 otherwise, and --json lists the findings")
    func command() throws {
        let good = try Self.zip([("main.json", try Self.golden()), ("10000-ausweis.pdf", Array("%PDF".utf8))])
        let bad = try Self.zip([("main.json", try Self.golden())])
        defer { [good, bad].forEach(Self.remove) }
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = E2E.binary
            process.arguments = ["inspect", "--as-of", "2026-01-15"] + arguments
            let out = Pipe()
            let err = try CapturedOutput()
            process.standardOutput = out
            process.standardError = err.handle
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            _ = try err.data()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(try run([good]).0 == 0)
        let (status, output) = try run(["--json", good, bad])
        #expect(status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        let codes = (parsed?[1]["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(codes.contains("attachment-missing"))

        // --show prints the compact main.json indented, the same payload.
        let (shownStatus, shown) = try run(["--show", good])
        #expect(shownStatus == 0)
        let body = String(shown.drop { $0 != "{" })
        #expect(body.hasPrefix("{\n  \"customers\": [\n    {\n      \"key\": \"CUST_10000\","))
        let fromShow = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary
        let fromZIP = try JSONSerialization.jsonObject(with: Data(try Self.golden())) as? NSDictionary
        #expect(fromShow != nil && fromShow == fromZIP)
    }

    @Test("main.json in the ZIP is compact: one line, no spaces between tokens")
    func compactPayload() throws {
        let text = String(decoding: try Self.golden(), as: UTF8.self)
        #expect(text.hasPrefix("{\"customers\":[{\"key\":\"CUST_10000\",\"modified\":"))
        #expect(text.filter { $0 == "\n" }.count == 1 && text.hasSuffix("]}\n"))
        #expect(!text.contains("\": ") && !text.contains(", \""))
    }
}
