import Foundation
import ZipArchive

/// Checks a Reliance ZIP, ours or another tool's, against every rule the converter enforces.
package enum PackageInspector {
    /// What one ZIP showed.
    package struct Report: Sendable {
        package let path: String
        package let findings: [Finding]
        /// The customers as read back from main.json (nil when it could not be read).
        var readBack: [Record]?
        package var passed: Bool { !findings.contains { $0.severity == .error } }

        /// The payload as read back, indented; written only when asked for (`inspect --show`).
        package var payload: String? {
            readBack.map { String(decoding: JSONWriter.payload($0, indented: true), as: UTF8.self) }
        }
    }

    /// The most entries a package may list. A Reliance ZIP holds main.json and the files its
    /// events reference, a handful per customer; an archive listing more is damaged or hostile,
    /// and refusing it before its directory is read keeps `inspect` in memory that a real package
    /// needs, whatever the file claims.
    package static let maxEntries = 10_000

    package static func inspect(path: String, asOf: CivilDate, vendors: [String] = []) -> Report {
        var findings: [Finding] = []
        func add(_ code: FindingCode, _ field: String, _ message: String) {
            findings.append(Finding(.error, code, field: field, message))
        }
        // Read from disk, not into memory: every entry is streamed through its CRC-32 check and only
        // main.json (at most 64 MiB) is kept, so a ZIP with a gigabyte scan is checked in flat memory.
        let archive: ZipFile
        do {
            archive = try ZipFile(path: path, maxEntries: maxEntries)
        } catch {
            let why = if case .tooManyEntries = error { "; a Reliance package holds main.json and the files its events name" } else { "" }
            add(.damagedArchive, "zip", "\(error)\(why)")
            return Report(path: path, findings: findings)
        }
        var present: Set<String> = []
        var contents: [String: [UInt8]] = [:]
        for entry in archive.entries {
            guard present.insert(entry.name).inserted else {
                add(.duplicateEntry, "zip", "the entry \(quoted(entry.name)) appears twice")
                continue
            }
            do {
                if entry.name == "main.json" {
                    contents[entry.name] = try archive.contents(of: entry, limit: 64 << 20)
                } else {
                    let stream = try archive.stream(entry)
                    while try stream.next() != nil {}
                }
            } catch {
                add(.damagedArchive, "zip", "\(error)")
            }
        }
        guard let main = contents["main.json"] else {
            if !present.contains("main.json") {
                add(.missingMainJSON, "zip", "there is no main.json at the root of the ZIP")
            }
            return Report(path: path, findings: findings)
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(main)
        } catch {
            add(.invalidJSON, "main.json", "main.json is not valid JSON: \(error)")
            return Report(path: path, findings: findings)
        }
        var payload = PayloadReader(vendors: vendors)
        var customers = payload.readCustomers(json)
        findings += payload.findings
        let readBack = customers
        let rules = RecordRules(asOf: asOf, expiredDocumentIsError: false)
        var referenced: [String] = []
        for index in customers.indices {
            rules.apply(to: &customers[index], findings: &findings)
            for (position, event) in customers[index].records("events").enumerated() {
                guard let file = event.text("file") else { continue }
                let field = "events[\(position + 1)].file"
                if referenced.contains(file) {
                    add(.duplicateAttachment, field, "\(quoted(file)) is referenced twice")
                } else if !present.contains(file) {
                    add(.attachmentMissing, field, "\(quoted(file)) is referenced by main.json but not in the ZIP")
                }
                referenced.append(file)
            }
        }
        for entry in archive.entries where entry.name != "main.json" && !referenced.contains(entry.name) {
            add(.extraEntry, "zip", "\(quoted(entry.name)) is in the ZIP but no event references it; only main.json and referenced files are allowed")
        }
        if let key = customers.first?.text("key"), (path as NSString).lastPathComponent != key + ".zip" {
            findings.append(Finding(.warning, .invalidKey, field: "key", raw: key, "the ZIP is named \((path as NSString).lastPathComponent), not \(key).zip"))
        }
        return Report(path: path, findings: findings.filter { $0.severity != .note }, readBack: readBack)
    }
}
