import ZipArchive

/// The parts of an Office package by name. OPC (ECMA-376 Part 2, §9.1.1.1) compares part names
/// ignoring ASCII case, so `xl/SharedStrings.xml` is the shared-strings part a relationship calls
/// `sharedStrings.xml`; and two ZIP entries whose names differ only so are one part twice, which
/// is refused rather than resolved by taking the first.
struct PartNames {
    private var entries: [String: ZipReader.Entry] = [:]

    init(_ all: [ZipReader.Entry]) throws(XLSXError) {
        for entry in all {
            let key = PartNames.key(entry.name)
            if let first = entries[key] {
                throw .damaged("the archive holds two entries for one part: \"\(first.name)\" and \"\(entry.name)\"")
            }
            entries[key] = entry
        }
    }

    func entry(_ name: String) -> ZipReader.Entry? {
        entries[PartNames.key(name)]
    }

    private static func key(_ name: String) -> String {
        let trimmed = name.hasPrefix("/") ? String(name.dropFirst()) : name
        return String(decoding: trimmed.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// The relationships part of a part: `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`.
    static func relationsPath(of name: String) -> String {
        let folder = folder(of: name)
        return folder + "_rels/" + String(name.dropFirst(folder.count)) + ".rels"
    }

    /// The folder of a part name, with its trailing `/` ("" at the root).
    static func folder(of name: String) -> String {
        name.lastIndex(of: "/").map { String(name[...$0]) } ?? ""
    }

    /// `target` as a part name: absolute when it starts with `/`, else relative to `base`, with
    /// `.` and `..` segments applied.
    static func resolve(_ target: String, against base: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}
