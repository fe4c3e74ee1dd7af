#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ZIPs `manifest.csv` lists, as `upload` reads them: what it sends, and the SHA-256 each
/// must still have.
public struct ManifestEntry: Sendable, Equatable {
    public let key: String
    public let zip: String
    public let sha256: String

    /// Whether `zip` names a file directly in the folder, as a ZIP the converter writes does
    /// (`<key>.zip`, no folder part), so a manifest edited by hand cannot point elsewhere.
    public var isPlainName: Bool {
        zip == key + ".zip" && !zip.hasPrefix(".") && !zip.contains("/") && !zip.contains("\0")
    }

    /// Why a manifest that is there cannot be trusted.
    public struct Unusable: Error, Sendable {
        public let reason: String
    }

    /// The entries of `folder`'s manifest in file order, or nil when the folder has none, read
    /// through the folder's descriptor.
    /// The last line of a key wins, as a run that adds to the folder never writes one twice.
    /// A manifest that is a link or not a regular file is refused: the tool only writes regular files.
    public static func read(folder: FolderHandle) throws(Unusable) -> [ManifestEntry]? {
        let path = folder.pinnedPath(ManifestWriter.name)
        let shown = folder.shown(ManifestWriter.name)
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Unusable(reason: "\(shown) is \((info.st_mode & S_IFMT) == S_IFLNK ? "a symbolic link" : "not a regular file"); the tool writes manifests as plain files")
        }
        var entries: [ManifestEntry] = []
        var position: [String: Int] = [:]
        for cells in KeyedCSVFile.lines(of: path, columns: ["key", "zip", "sha256"]) {
            let entry = ManifestEntry(key: cells[0], zip: cells[1], sha256: cells[2].lowercased())
            if let index = position[entry.key] {
                entries[index] = entry
            } else {
                position[entry.key] = entries.count
                entries.append(entry)
            }
        }
        return entries
    }
}
