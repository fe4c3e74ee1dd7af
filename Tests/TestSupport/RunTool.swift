import Foundation

/// Runs an external program (unzip, python3) and returns its exit status and combined output.
public func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A stream of a child process written to a temporary file instead of a pipe. Reading one pipe
/// to its end before the other stops a child that writes more than a pipe holds (64 KiB) to the
/// other one: it blocks on the write and never closes the first. A file never fills.
public final class CapturedOutput {
    public let handle: FileHandle
    private let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("captured-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    /// Everything written, once the child has exited.
    public func data() throws -> Data {
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        return try Data(contentsOf: url)
    }
}
