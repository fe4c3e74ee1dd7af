extension InputDetection {
    /// An input opened with its mapping bound to its header: what every command that reads rows needs first.
    struct Bound {
        let mappingFile: MappingFile
        let inspection: Inspection
        let opened: OpenedInput
        let mapping: Mapping
    }

    /// Reads the mapping, inspects and opens the input, and binds the mapping to its header.
    static func bind(_ options: ConvertOptions) throws(ConvertError) -> Bound {
        let mappingFile: MappingFile
        do {
            mappingFile = try MappingFile(path: options.mappingPath)
        } catch {
            throw .mapping(error)
        }
        let inspection = try inspect(options.inputPath)
        let opened = try openInput(options.inputPath, settings: mappingFile.input, inspection: inspection, chunkSize: options.chunkSize)
        do {
            return Bound(mappingFile: mappingFile, inspection: inspection, opened: opened, mapping: try mappingFile.bind(header: opened.source.header))
        } catch {
            throw .mapping(error)
        }
    }
}
