/// Why one of the tool's own reports in the output folder (`manifest.csv`, `warnings.csv`) could
/// not be read back: the message names the file, and the line when one line is at fault.
package struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String

    package var description: String { message }
}
