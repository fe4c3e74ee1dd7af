import ArgumentParser
import Foundation
import RelianceKit
import RelianceStudio

struct Studio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studio",
        abstract: "Build the mapping in a local page against the export, from the converter's own engine.",
        discussion: """
        Serves one page on 127.0.0.1 only and prints its address, which holds a token: open it in a browser on \
        this machine. The page shows the export's columns with what init proposes, every field's mapping line \
        (editable), date formats ranked, unmapped values, the rejects refreshed after each edit, one row's \
        main.json as preview prints it, and a grid to fix rejected rows. It writes only the mapping (on Save) \
        and the fixed rows (--fixed), each atomically. Runs until interrupted (Ctrl-C).
        """
    )

    @Argument(help: "The export: CSV text or an Excel workbook (.xlsx).")
    var input: String

    @Option(help: "The mapping file to edit; created on the first save when it does not exist (default: the export's name with .yaml).")
    var mapping: String?

    @Option(help: "The attachments folder (overrides settings.attachments).")
    var attachments: String?

    @Option(name: .customLong("as-of"), help: "The date rules are checked against, YYYY-MM-DD (default: today).")
    var asOf: String?

    @Option(help: "Where rows fixed in the page are saved, to convert with --add (default: the export's name with -fixed.csv).")
    var fixed: String?

    @Option(help: "The port to listen on, on 127.0.0.1 (0: a free one).")
    var port: Int = 0

    @Flag(name: .customLong("no-open"), help: "Print the address without starting a browser.")
    var noOpen = false

    func run() throws {
        let stem = (input as NSString).deletingPathExtension
        var options = StudioSession.Options(inputPath: input, mappingPath: mapping ?? stem + ".yaml", fixedPath: fixed ?? stem + "-fixed.csv")
        options.attachmentsDirectory = attachments
        if let asOf {
            guard let date = CivilDate(iso: asOf) else { throw ValidationError("--as-of \(asOf) is not a date in the form YYYY-MM-DD") }
            options.asOf = date
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port (0 to 65535)") }
        let session: StudioSession
        do {
            session = try StudioSession(options)
        } catch {
            throw Diagnostic(error)
        }
        let server: StudioServer
        do {
            server = try StudioServer(app: StudioApp(session: session), port: port)
        } catch {
            throw Diagnostic.error("cannot listen on 127.0.0.1:\(port): \(error)", exitCode: 3)
        }
        Terminal.line("reliance-convert studio: \(server.address)", to: STDOUT_FILENO)
        if !noOpen { Studio.openBrowser(server.address) }
        try server.wait()
    }

    /// Starts the desktop's browser on the address; when there is none, the printed address is the way in.
    static func openBrowser(_ address: String) {
        let opener = ["/usr/bin/xdg-open", "/usr/bin/open"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
