/// The journal's text: the retired folder on the first line, then one ZIP name a line, with `%`,
/// CR and LF written as `%25`, `%0D` and `%0A` (a name put into the folder by hand may hold them).
struct RetireJournal: Equatable {
    let folder: String
    let names: [String]

    init(folder: String, names: [String]) {
        self.folder = folder
        self.names = names
    }

    init?(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { RetireJournal.decode(String($0)) }
        guard !lines.isEmpty else { return nil }
        folder = lines.removeFirst()
        guard folder.hasPrefix(OutputFolder.retiredName + "/"), !folder.dropFirst(OutputFolder.retiredName.count + 1).contains("/"),
              !folder.hasSuffix("/."), !folder.hasSuffix("/..") else { return nil }
        guard lines.allSatisfy({ OutputFolder.isZIP($0) && !$0.contains("/") }) else { return nil }
        names = lines
    }

    var bytes: [UInt8] {
        Array(([folder] + names).map(RetireJournal.encode).joined(separator: "\n").utf8) + [0x0A]
    }

    static func encode(_ name: String) -> String {
        name.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func decode(_ line: String) -> String {
        line.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%25", with: "%")
    }
}
