import FileSystem

/// OLE2 compound files (`D0 CF 11 E0 A1 B1 1A E1`): the container of legacy Excel workbooks
/// (`.xls`) and of password-protected `.xlsx` files. Neither is read; both are recognised by
/// their bytes so the message says what the file is, instead of the bytes being read as text.
enum CompoundFile {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Why the file at `path`, which starts with the compound-file signature, cannot be read.
    /// `source` is the file, open; opened here from `path` when nil.
    static func refusal(_ path: String, readingFrom source: FileDescriptor? = nil) -> String {
        // The directory names its streams in UTF-16LE; an encrypted package has EncryptionInfo.
        let file = source ?? (try? FileDescriptor.open(path, .readOnly, options: .nonBlocking))
        let head = (try? file?.read(count: 4 << 20, at: 0)) ?? []
        if contains(head, utf16: "EncryptionInfo") || contains(head, utf16: "EncryptedPackage") {
            return "\(path): it is a password-protected Excel workbook (encrypted); open it in Excel, remove the password (File › Info › Protect Workbook) and save it as .xlsx, or save it as CSV UTF-8"
        }
        if contains(head, utf16: "Workbook") || contains(head, utf16: "Book") {
            return "\(path): it is a legacy Excel 97-2003 workbook (.xls); open it in Excel and save it as .xlsx (Excel Workbook) or as CSV UTF-8"
        }
        return "\(path): it is an OLE2 compound file (a legacy Office document), not a CSV export or an .xlsx workbook; save it as .xlsx or as CSV UTF-8"
    }

    private static func contains(_ bytes: [UInt8], utf16 name: String) -> Bool {
        let needle = name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
