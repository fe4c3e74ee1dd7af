import ZipArchive

extension XLSXWorkbook {
    struct Relationship {
        let id: String
        let type: String
        /// The target part's name, resolved against the folder of the part that holds the relationship.
        let target: String
    }

    /// The relationships of a `.rels` part; targets resolved against `base` (a folder ending in `/`).
    static func readRelations(_ archive: ZipFile, _ entry: ZipReader.Entry, base: String) throws(XLSXError) -> [Relationship] {
        var relations: [Relationship] = []
        let tokenizer = try tokenizer(archive, entry)
        while let event = try tokenizer.next() {
            guard case let .start(name, attributes, _) = event, name.localName == "Relationship",
                  let id = attributes["Id"], let target = attributes["Target"] else { continue }
            if attributes["TargetMode"] == "External" { continue }
            relations.append(Relationship(id: id, type: attributes["Type"] ?? "", target: PartNames.resolve(target, against: base)))
        }
        return relations
    }
}
