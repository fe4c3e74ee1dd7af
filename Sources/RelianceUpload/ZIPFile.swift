#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RelianceKit

/// Reads a ZIP the manifest lists, for sending: only a regular file directly in the folder
/// (a symlink is refused when opened, not checked first), and only when its bytes still have
/// the SHA-256 the manifest recorded.
enum ZIPFile {
    struct Problem: Error {
        let reason: String
    }

    static func read(_ entry: ManifestEntry, in directory: String) -> Result<[UInt8], Problem> {
        guard entry.isPlainName else {
            return .failure(Problem(reason: "manifest.csv names \"\(entry.zip)\" for key \(entry.key), which is not <key>.zip in this folder; not sent"))
        }
        let path = Converter.path(directory, entry.zip)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "is a symbolic link" : String(cString: strerror(errno))
            return .failure(Problem(reason: "\(entry.zip) cannot be read: \(reason); not sent"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Problem(reason: "\(entry.zip) is not a regular file; not sent"))
        }
        guard let bytes = FileBytes.read(fd, sizeHint: Int(info.st_size)).bytes else {
            return .failure(Problem(reason: "\(entry.zip) could not be read to its end; not sent"))
        }
        let sha = SHA.sha256Hex(bytes)
        guard sha == entry.sha256 else {
            return .failure(Problem(reason: "\(entry.zip) does not match manifest.csv (SHA-256 \(sha.prefix(12))…, listed \(entry.sha256.prefix(12))…); it changed after the run that listed it; not sent"))
        }
        return .success(bytes)
    }
}
