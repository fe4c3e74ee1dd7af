import FileSystem
import Foundation
import Yams

/// A mapping file parsed from YAML but not yet bound to a header.
///
/// Reading happens in two steps because the `input` block (delimiter, encoding)
/// must be known before the header can be read, and the rest of the mapping
/// can only be checked against that header.
package struct MappingFile {
    package let path: String
    package let bytes: [UInt8]
    package let input: InputSettings
    let root: Node.Mapping

    /// Reads and parses `path`; throws `MappingError` for unreadable files, bad YAML or a bad `input` block.
    package init(path: String) throws(MappingError) {
        switch MappingFile.read(path) {
        case let .success(read): try self.init(path: path, bytes: read)
        case let .failure(failure):
            throw MappingError(diagnostics: [MappingDiagnostic(file: path, position: nil, message: "cannot read the mapping file: \(failure.reason)")])
        }
    }

    /// Parses a mapping's text, named `path` in messages (the studio's mapping being edited).
    package init(path: String, bytes: [UInt8]) throws(MappingError) {
        self.path = path
        self.bytes = bytes
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw MappingError(diagnostics: [MappingDiagnostic(file: path, position: nil, message: "the mapping file is not UTF-8 text")])
        }
        if let alias = YAMLAliases.first(in: bytes) {
            throw MappingError(diagnostics: [MappingDiagnostic(
                file: path, position: alias.position,
                message: "*\(alias.name) is a YAML alias; a mapping does not read aliases, which can expand a few bytes into millions of values: write the value out"
            )])
        }
        let node: Node?
        do {
            // Every value is read as its text (`MappingReader`), never through a YAML tag, so
            // scalars are not typed: Yams' default typing compiles regular expressions (ICU) first,
            // 1.7 ms of every run.
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            throw MappingError(diagnostics: [MappingFile.diagnose(yamlError: error, file: path)])
        }
        guard let root = node?.mapping else {
            throw MappingError(diagnostics: [MappingDiagnostic(
                file: path, position: node?.mark.map(SourcePosition.init),
                message: "the mapping must be a YAML mapping with `version`, `settings` and `customer`"
            )])
        }
        self.root = root
        var reader = MappingReader(file: path, header: [])
        var settings = reader.readInput(root["input"])
        settings.mappingColumns = MappingFile.columnNames(in: root)
        input = settings
        if !reader.diagnostics.isEmpty { throw MappingError(diagnostics: reader.diagnostics, omitted: reader.omitted) }
    }

    /// The most bytes a mapping may hold: the largest real one is a few kilobytes, and the parser's
    /// time and memory grow with the text.
    static let sizeLimit = 1 << 20

    /// The file's bytes, or why it cannot be read in the operating system's words (a mapping is
    /// small: more than `sizeLimit` is refused rather than read).
    static func read(_ path: String) -> Result<[UInt8], ReadFailure> {
        do throws(Errno) {
            let file = try FileDescriptor.open(path, .readOnly, options: .nonBlocking)
            let info = try file.status()
            switch info.kind {
            case .regular: break
            case .folder: return .failure(ReadFailure(reason: "it is a folder"))
            default: return .failure(ReadFailure(reason: "it is not a regular file"))
            }
            guard let bytes = try file.readAll(sizeHint: info.size, limit: sizeLimit) else {
                return .failure(ReadFailure(reason: "it is larger than \(sizeLimit >> 20) MiB, which no mapping is"))
            }
            return .success(bytes)
        } catch {
            return .failure(ReadFailure(reason: error.description))
        }
    }

    struct ReadFailure: Error {
        let reason: String
    }

    /// Checks the whole mapping against `header` (column names as read, trimmed).
    package func bind(header: [String], mappingFolder: String? = nil) throws(MappingError) -> Mapping {
        var reader = MappingReader(file: path, header: header)
        let folder = mappingFolder ?? (path as NSString).deletingLastPathComponent
        guard let mapping = reader.readMapping(root, input: input, folder: folder), reader.diagnostics.isEmpty else {
            throw MappingError(diagnostics: reader.diagnostics, omitted: reader.omitted)
        }
        return mapping
    }

    static func diagnose(yamlError error: any Error, file: String) -> MappingDiagnostic {
        if let yaml = error as? YamlError {
            switch yaml {
            case let .scanner(context, problem, mark, _):
                return MappingDiagnostic(file: file, position: SourcePosition(mark),
                                         message: "invalid YAML: \(brief(problem))" + (context.map { " \(brief($0.text))" } ?? ""))
            case let .parser(context, problem, mark, _):
                return MappingDiagnostic(file: file, position: SourcePosition(mark),
                                         message: "invalid YAML: \(brief(problem))" + (context.map { " \(brief($0.text))" } ?? ""))
            case let .composer(context, problem, mark, _):
                return MappingDiagnostic(file: file, position: SourcePosition(mark),
                                         message: "invalid YAML: \(brief(problem))" + (context.map { " \(brief($0.text))" } ?? ""))
            case let .duplicatedKeysInMapping(duplicates, context):
                return MappingDiagnostic(file: file, position: SourcePosition(context.mark),
                                         message: "duplicate key \(brief(duplicates.joined(separator: ", "))): a key may appear once in each mapping")
            default:
                break
            }
        }
        return MappingDiagnostic(file: file, position: nil, message: "invalid YAML: \(brief("\(error)"))")
    }

    /// The first line of a parser's text, at most 120 characters: a message never repeats the mapping.
    static func brief(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 120 ? String(line.prefix(117)) + "…" : line
    }
}

extension SourcePosition {
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}
