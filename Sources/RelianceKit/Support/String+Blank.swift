extension String {
    /// Whether the text holds nothing but whitespace (or nothing at all).
    var isBlank: Bool {
        let bytes = utf8.span
        for index in bytes.indices {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else {
                return byte < 0x80 ? false : allSatisfy(\.isWhitespace)
            }
        }
        return true
    }
}
