import FileSystem
import OutputFiles

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

    /// Reads `folder`'s manifest; empty when the folder has none. A manifest that is there but
    /// cannot be read stops the run (exit 3) before anything is committed: without it, every
    /// fed-back row whose ZIP is in the folder would be refused, and the lines of the ZIPs this
    /// run does not write would drop out of the manifest.
    init(folder: FolderHandle) throws(ConvertError) {
        do throws(ReadError) {
            guard var lines = try Manifest.lines(in: folder) else { return }
            var exportIndex: [String: Int] = [:]
            while let entry = try lines.next() {
                let source = entry.source
                let export = exportIndex[source.sha256] ?? {
                    exports.append(source.sha256)
                    exportIndex[source.sha256] = exports.count - 1
                    return exports.count - 1
                }()
                owners[KeyRegistry.fingerprint(entry.key)] = Owner(export: export, row: source.row, line: source.line)
            }
        } catch {
            throw .fault("\(error); a run that adds to the folder needs its manifest to know which row made each ZIP")
        }
    }

    /// The source row the folder's ZIP of `key` came from, when the manifest lists it.
    func owner(of key: String) -> SourceRow? {
        owners[KeyRegistry.fingerprint(key)].map { SourceRow(sha256: exports[$0.export], row: $0.row, line: $0.line) }
    }
}
