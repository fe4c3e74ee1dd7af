import ZipArchive

/// A pull tokenizer for the small part of XML that workbook parts use: tags, attributes,
/// text with entities, comments, CDATA and processing instructions. It reads bytes from a
/// chunk source as it goes, so a sheet of any size streams through a fixed buffer.
///
/// Each chunk is copied into memory the tokenizer owns and scanned through a pointer: scanning
/// an array property retained and released it around the loops of every tag, which was a third
/// of the time of reading a sheet. A token that spans chunks is joined in a second owned buffer.
/// Tokens handed between the methods below are valid until the tokenizer reads on.
final class XMLTokenizer {
    private let source: () throws(ZipError) -> [UInt8]?
    private var chunk: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private var index = 0
    private var exhausted = false
    private var joined: UnsafeMutableBufferPointer<UInt8>
    private var joinedCount = 0
    /// Longest tag or text run accepted, so a damaged file cannot exhaust memory.
    private let maxToken: Int

    init(maxToken: Int = 1 << 24, source: @escaping () throws(ZipError) -> [UInt8]?) {
        self.source = source
        self.maxToken = maxToken
        chunk = .allocate(capacity: 1 << 16)
        joined = .allocate(capacity: 256)
    }

    convenience init(bytes: [UInt8]) {
        var given = false
        self.init { () -> [UInt8]? in
            defer { given = true }
            return given ? nil : bytes
        }
    }

    deinit {
        chunk.deallocate()
        joined.deallocate()
    }

    @inline(__always)
    private func peek() throws(XLSXError) -> UInt8? {
        if index < count { return chunk[index] }
        return try refill()
    }

    /// The first byte of the next chunk, when the buffered one is used up.
    private func refill() throws(XLSXError) -> UInt8? {
        while index >= count {
            if exhausted { return nil }
            let read: [UInt8]?
            do {
                read = try source()
            } catch {
                throw .archive(error)
            }
            guard let next = read else {
                exhausted = true
                return nil
            }
            if next.count > chunk.count {
                chunk.deallocate()
                chunk = .allocate(capacity: next.count)
            }
            next.withUnsafeBufferPointer { bytes in
                if let from = bytes.baseAddress { chunk.baseAddress?.update(from: from, count: bytes.count) }
            }
            count = next.count
            index = 0
        }
        return chunk[index]
    }

    private func take() throws(XLSXError) -> UInt8? {
        let byte = try peek()
        if byte != nil { index += 1 }
        return byte
    }

    /// Bytes `start..<end` of the current chunk.
    private func bytes(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: chunk[start..<end])
    }

    private func join(_ piece: UnsafeBufferPointer<UInt8>) {
        if joinedCount + piece.count > joined.count {
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(joined.count * 2, joinedCount + piece.count))
            if let to = grown.baseAddress, let from = joined.baseAddress { to.update(from: from, count: joinedCount) }
            joined.deallocate()
            joined = grown
        }
        if let to = joined.baseAddress, let from = piece.baseAddress { (to + joinedCount).update(from: from, count: piece.count) }
        joinedCount += piece.count
    }

    private var joinedBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: joined[0..<joinedCount])
    }

    /// The next event, or nil at the end of the document.
    func next() throws(XLSXError) -> XMLEvent? {
        while let byte = try peek() {
            if byte != UInt8(ascii: "<") {
                return .text(try readText())
            }
            index += 1
            guard let marker = try peek() else { throw .damaged("the XML ends inside a tag") }
            switch marker {
            case UInt8(ascii: "/"):
                index += 1
                let raw = try readUntil(UInt8(ascii: ">"))
                return .end(name: String(decoding: raw, as: UTF8.self).trimmingSpaces())
            case UInt8(ascii: "?"):
                _ = try readUntil(sequence: Array("?>".utf8))
            case UInt8(ascii: "!"):
                index += 1
                if try peek() == UInt8(ascii: "-") {
                    _ = try readUntil(sequence: Array("-->".utf8))
                } else if try peek() == UInt8(ascii: "[") {
                    let raw = try readUntil(sequence: Array("]]>".utf8))
                    let text = raw.count >= 7 ? Array(raw.dropFirst(7)) : []  // after "[CDATA["
                    return .text(String(decoding: text, as: UTF8.self))
                } else {
                    let raw = try readUntil(UInt8(ascii: ">"))
                    if raw.starts(with: Array("DOCTYPE".utf8)) {
                        // Entity declarations could expand text without bound or leave `&name;` in
                        // cells; Office never writes a DOCTYPE, so a part that has one is refused.
                        throw .damaged("a part declares a DOCTYPE\(raw.contains(UInt8(ascii: "[")) ? " with entity declarations" : ""); workbooks never do, so it is refused")
                    }
                }
            default:
                return try readStartTag()
            }
        }
        return nil
    }

    private func readText() throws(XLSXError) -> String {
        guard try peek() != nil else { return "" }
        let start = index
        while index < count, chunk[index] != UInt8(ascii: "<") { index += 1 }
        if index < count, index - start <= maxToken {
            // The whole run lies in the buffered chunk: decode it from there.
            return XMLTokenizer.decodeEntities(bytes(start, index))
        }
        joinedCount = 0
        join(bytes(start, index))
        while index >= count, try peek() != nil {
            // The run goes on in the next chunk: join it up to the next "<".
            let next = index
            while index < count, chunk[index] != UInt8(ascii: "<") { index += 1 }
            join(bytes(next, index))
            if joinedCount > maxToken { throw .limit("a text run longer than \(maxToken) bytes") }
        }
        if joinedCount > maxToken { throw .limit("a text run longer than \(maxToken) bytes") }
        return XMLTokenizer.decodeEntities(joinedBytes)
    }

    private func readStartTag() throws(XLSXError) -> XMLEvent {
        var raw = try readUntil(UInt8(ascii: ">"), respectingQuotes: true)
        var selfClosing = false
        if raw.last == UInt8(ascii: "/") {
            selfClosing = true
            raw = UnsafeBufferPointer(rebasing: raw.dropLast())
        }
        var cursor = raw.startIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func skipSpace() {
            while cursor < raw.endIndex, isSpace(raw[cursor]) { cursor += 1 }
        }
        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: raw[start..<end]), as: UTF8.self)
        }
        let nameStart = cursor
        while cursor < raw.endIndex, !isSpace(raw[cursor]) { cursor += 1 }
        let name = text(nameStart, cursor)
        guard !name.isEmpty else { throw .damaged("a tag without a name") }
        var attributes = XMLAttributes()
        while true {
            skipSpace()
            guard cursor < raw.endIndex else { break }
            let keyStart = cursor
            while cursor < raw.endIndex, raw[cursor] != UInt8(ascii: "="), !isSpace(raw[cursor]) { cursor += 1 }
            let key = text(keyStart, cursor)
            skipSpace()
            guard cursor < raw.endIndex, raw[cursor] == UInt8(ascii: "=") else { throw .damaged("attribute \(key) of <\(name)> has no value") }
            cursor += 1
            skipSpace()
            guard cursor < raw.endIndex, raw[cursor] == 0x22 || raw[cursor] == 0x27 else {
                throw .damaged("attribute \(key) of <\(name)> is not quoted")
            }
            let quote = raw[cursor]
            cursor += 1
            let valueStart = cursor
            while cursor < raw.endIndex, raw[cursor] != quote { cursor += 1 }
            guard cursor < raw.endIndex else { throw .damaged("attribute \(key) of <\(name)> is not closed") }
            attributes.append(key, XMLTokenizer.decodeEntities(UnsafeBufferPointer(rebasing: raw[valueStart..<cursor])))
            cursor += 1
        }
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    /// The bytes up to `terminator`, which is consumed: in the buffered chunk when the token lies
    /// within it (the usual case, no copy), else the pieces joined. Valid until the next read.
    private func readUntil(_ terminator: UInt8, respectingQuotes: Bool = false) throws(XLSXError) -> UnsafeBufferPointer<UInt8> {
        var quote: UInt8?
        var first = true
        while try peek() != nil {
            let start = index
            var found = false
            while index < count {
                let byte = chunk[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if respectingQuotes, byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == terminator {
                    found = true
                    break
                }
                index += 1
            }
            if found, first {
                index += 1
                guard index - 1 - start <= maxToken else { throw .limit("a tag longer than \(maxToken) bytes") }
                return bytes(start, index - 1)
            }
            if first { joinedCount = 0 }
            first = false
            join(bytes(start, index))
            if found {
                index += 1
                return joinedBytes
            }
            if joinedCount > maxToken { throw .limit("a tag longer than \(maxToken) bytes") }
        }
        throw .damaged("the XML ends inside a tag")
    }

    private func readUntil(sequence: [UInt8]) throws(XLSXError) -> [UInt8] {
        var raw: [UInt8] = []
        while let byte = try take() {
            raw.append(byte)
            if raw.count >= sequence.count, raw.suffix(sequence.count).elementsEqual(sequence) {
                raw.removeLast(sequence.count)
                return raw
            }
            if raw.count > maxToken { throw .limit("a comment or CDATA section longer than \(maxToken) bytes") }
        }
        throw .damaged("the XML ends inside a comment or CDATA section")
    }

    /// Decodes `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and numeric references; unknown entities stay
    /// as written. Line ends are normalized first, as XML 1.0 (§2.11) asks of every parser: a
    /// literal CR LF or lone CR is LF, while `&#13;` (and OOXML's `_x000D_`) still give a CR.
    static func decodeEntities(_ raw: [UInt8]) -> String {
        raw.withUnsafeBufferPointer(decodeEntities)
    }

    static func decodeEntities(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(where: { $0 == UInt8(ascii: "&") || $0 == 0x0D }) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == 0x0D {
                out.append(0x0A)
                index += 1
                if index < raw.endIndex, raw[index] == 0x0A { index += 1 }
                continue
            }
            guard byte == UInt8(ascii: "&"), let semicolon = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: raw[(index + 1)..<semicolon]), as: UTF8.self)
            var scalar: UInt32?
            switch name {
            case "amp": scalar = 0x26
            case "lt": scalar = 0x3C
            case "gt": scalar = 0x3E
            case "quot": scalar = 0x22
            case "apos": scalar = 0x27
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10)
                }
            }
            if let value = scalar, let unicode = Unicode.Scalar(value) {
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Numbers, references and tag names: plain ASCII with nothing to trim.
        var text = self
        let plain = text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
        }
        if plain { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// The name without its namespace prefix: `x:row` → `row`. A string, not a substring:
    /// names are short, so it is stored inline and compares with a literal at once.
    var localName: String {
        // The colon is looked for in the bytes in place; through `utf8`'s generic index it was a
        // visible part of reading every tag of a sheet.
        var text = self
        guard let colon = text.withUTF8({ $0.lastIndex(of: UInt8(ascii: ":")) }) else { return self }
        return String(self[utf8.index(utf8.startIndex, offsetBy: colon + 1)...])
    }

    /// Whether the UTF-8 bytes hold `first` directly followed by `second`, read in place.
    func containsBytes(_ first: UInt8, _ second: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if previous == first, byte == second { return true }
                previous = byte
            }
            return false
        }
    }
}
