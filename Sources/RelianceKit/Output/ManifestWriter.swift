#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `manifest.csv`: one line per ZIP in the folder, so an auditor can tie every ZIP to the
/// row of the original export it came from, and `upload` knows what to send.
///
/// Columns: `key`, `zip`, `sha256` (of the ZIP), `row` and `line` (the row of the original
/// export, also through any number of rejects round trips), `attachments` (file names separated
/// by `|`) and `source_sha256` (the original export's SHA-256). UTF-8 with BOM, comma-separated, CRLF.
final class ManifestWriter {
    static let name = "manifest.csv"
    static let columns = ["key", "zip", "sha256", "row", "line", "attachments", "source_sha256"]
    private let file: KeyedCSVFile

    init(folder: FolderHandle) throws(WriteError) {
        file = try KeyedCSVFile(name: ManifestWriter.name, in: folder, columns: ManifestWriter.columns)
    }

    func add(key: String, zip: String, sha256: String, source: SourceRow, attachments: [String]) throws(WriteError) {
        try file.add([key, zip, sha256, String(source.row), String(source.line), attachments.joined(separator: "|"), source.sha256])
    }

    /// - Parameter keep: in a run that adds to the folder, which keys of the previous manifest stay listed.
    ///
    /// A carried line vouches for a ZIP that an earlier run wrote before it committed that
    /// manifest. A ZIP changed since (a full run killed after rewriting it and before its own
    /// manifest) would no longer match its line, and `upload` would refuse it until the next full
    /// run: such a ZIP, not older than the previous manifest (a clock tick may hold both), has its
    /// SHA-256 taken again from the file.
    func commit(carryingOver keep: ((String) -> Bool)? = nil, in folder: FolderHandle) throws(WriteError) {
        guard keep != nil else { return try file.commit() }
        var info = stat()
        guard fstatat(folder.fd, ManifestWriter.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return try file.commit(carryingOver: keep) }
        let written = info.st_mtim
        try file.commit(carryingOver: keep) { cells in
            if let sha = ManifestWriter.sha256(of: cells[1], in: folder, ifNotOlderThan: written) { cells[2] = sha }
        }
    }

    /// The SHA-256 of the regular file `name` in `folder` when it was modified at `time` or later,
    /// looked at and read through one descriptor opened without following a link; nil otherwise.
    /// Most carried ZIPs are older, and cost one `fstatat`; the few that are not are opened, and
    /// what decides is the `fstat` of the descriptor that is read.
    static func sha256(of name: String, in folder: FolderHandle, ifNotOlderThan time: timespec) -> String? {
        func isCandidate(_ info: stat) -> Bool {
            (info.st_mode & S_IFMT) == S_IFREG && (info.st_mtim.tv_sec, info.st_mtim.tv_nsec) >= (time.tv_sec, time.tv_nsec)
        }
        var info = stat()
        guard fstatat(folder.fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0, isCandidate(info) else { return nil }
        let fd = openat(folder.fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fstat(fd, &info) == 0, isCandidate(info) else { return nil }
        return SHA.sha256Hex(ofFile: fd, size: Int(info.st_size))
    }
}

/// The manifest a folder held when the run began: which source row each ZIP came from. Read by a
/// run that adds to the folder, so a fed-back row never replaces a ZIP another source row made.
///
/// Keys are kept by fingerprint and exports by index, so a manifest of millions of lines costs
/// tens of bytes a line.
struct FolderManifest {
    struct Owner {
        let export: Int
        let row: Int
        let line: Int
    }

    private var owners: [KeyRegistry.Fingerprint: Owner] = [:]
    private var exports: [String] = []

    init() {}

    init(folder: FolderHandle) {
        var exportIndex: [String: Int] = [:]
        for cells in KeyedCSVFile.lines(of: folder.pinnedPath(ManifestWriter.name), columns: ["key", "row", "line", "source_sha256"]) {
            let sha = cells[3].lowercased()
            let export = exportIndex[sha] ?? {
                exports.append(sha)
                exportIndex[sha] = exports.count - 1
                return exports.count - 1
            }()
            let row = Int(cells[1]) ?? 0
            owners[KeyRegistry.fingerprint(cells[0])] = Owner(export: export, row: row, line: Int(cells[2]) ?? row)
        }
    }

    /// The source row the folder's ZIP of `key` came from, when the manifest lists it.
    func owner(of key: String) -> SourceRow? {
        owners[KeyRegistry.fingerprint(key)].map { SourceRow(sha256: exports[$0.export], row: $0.row, line: $0.line) }
    }
}
