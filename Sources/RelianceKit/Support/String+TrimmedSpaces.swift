import Foundation

extension String {
    /// The string without leading and trailing whitespace, as `trimmingCharacters(in: .whitespaces)`
    /// gives it, but without a detour through Foundation for the usual plain ASCII value.
    var trimmedSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        let isPlain = { (byte: UInt8) in byte > 0x20 && byte < 0x80 }
        if isPlain(first), isPlain(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
