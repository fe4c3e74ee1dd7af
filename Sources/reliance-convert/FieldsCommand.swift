import ArgumentParser
import Foundation
import RelianceKit

struct Fields: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fields",
        abstract: "List every payload field: path, type, rule, allowed values."
    )

    @Argument(help: "Show only fields whose path contains this text (ignoring case), e.g. idDocument.")
    var filter: String?

    @Flag(help: "Print a Markdown table (as in the README).")
    var markdown = false

    @Flag(help: "Print the fields as a JSON array.")
    var json = false

    @Flag(name: .customLong("error-codes"), help: "Print every error and warning code with its meaning (Markdown).")
    var errorCodes = false

    func run() throws {
        if errorCodes {
            Terminal.write(FieldReference.errorCodesMarkdown(), to: STDOUT_FILENO)
            return
        }
        let rows = FieldReference.rows(matching: filter)
        if let filter, rows.isEmpty {
            throw ValidationError("no field path contains \"\(filter)\"")
        }
        if json {
            Terminal.json(FieldReference.json(rows))
        } else if markdown {
            Terminal.write(filter == nil ? FieldReference.markdown() : FieldReference.text(rows), to: STDOUT_FILENO)
        } else {
            Terminal.write(FieldReference.text(rows), to: STDOUT_FILENO)
        }
    }
}
