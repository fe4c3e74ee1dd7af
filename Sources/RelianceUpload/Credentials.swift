import FileSystem
import Foundation

/// The Concedus user name and password. Never printed: its description hides the password.
public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let username: String
    let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "Credentials(username: \(username), password: ***)" }
    public var debugDescription: String { description }

    /// From `CONCEDUS_USERNAME` and `CONCEDUS_PASSWORD`, or from a file only its owner can read.
    ///
    /// The file holds `CONCEDUS_USERNAME=…` and `CONCEDUS_PASSWORD=…` lines (or `username=`/`password=`).
    public static func load(file: String?, environment: [String: String]) throws(UploadError) -> Credentials {
        if let file {
            // Opened once: the mode is checked on the descriptor the secret is then read from, so
            // a file swapped in between cannot pass the check for another.
            let opened: FileDescriptor
            do {
                opened = try .open(file, .readOnly, options: .nonBlocking)
            } catch {
                let message = "cannot read the credentials file \(file): \(error)"
                // Out of descriptors is the machine's state, not a wrong file: exit 3, as everywhere in upload.
                throw DescriptorBudget.isExhaustion(error.code) ? .io(message) : .configuration(message)
            }
            guard let info = try? opened.status(), info.isRegularFile else {
                throw .configuration("the credentials file \(file) is not a regular file")
            }
            guard info.permissions & 0o077 == 0 else {
                throw .configuration("the credentials file \(file) can be read by others; run: chmod 600 \(file)")
            }
            guard let bytes = try? opened.readAll(sizeHint: info.size, limit: 1 << 16),
                  let text = String(bytes: bytes, encoding: .utf8) else {
                throw .configuration("cannot read the credentials file \(file)")
            }
            var values: [String: String] = [:]
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let key = parts[0].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "concedus_", with: "")
                values[key] = parts[1].trimmingCharacters(in: .whitespaces)
            }
            guard let username = values["username"], let password = values["password"], !username.isEmpty, !password.isEmpty else {
                throw .configuration("the credentials file \(file) needs CONCEDUS_USERNAME=… and CONCEDUS_PASSWORD=… lines")
            }
            return Credentials(username: username, password: password)
        }
        guard let username = environment["CONCEDUS_USERNAME"], let password = environment["CONCEDUS_PASSWORD"],
              !username.isEmpty, !password.isEmpty else {
            throw .configuration("no credentials: set CONCEDUS_USERNAME and CONCEDUS_PASSWORD, or pass --credentials FILE")
        }
        return Credentials(username: username, password: password)
    }
}
