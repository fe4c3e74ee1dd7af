import ArgumentParser
import Foundation
import RelianceKit

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert an export: one ZIP per valid row, rejects.csv and summary.json.",
        discussion: "Exit codes: 0 every row converted (or rejects within --max-rejects); 1 rows rejected; 2 unusable invocation, mapping or input (nothing written); 3 writing failed; 4 the output folder is in use by another run."
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.run(writePackages: true)
    }
}
