import ArgumentParser
import Foundation
import RelianceKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Run every check without writing ZIPs; rejects.csv and summary.json are still written."
    )

    @OptionGroup var options: RunOptions

    func run() throws {
        try options.run(writePackages: false)
    }
}
