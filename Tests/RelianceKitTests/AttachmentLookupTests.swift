import FileSystem
import Foundation
import Testing
@testable import RelianceKit

/// `validate` looks at a plain attachment name with one `fstatat` instead of opening the file.
/// Whatever a folder holds, it must report exactly what `convert`'s open reports.
@Suite("Attachments looked at without opening")
struct AttachmentLookupTests {
    /// A folder with every kind of entry an export can name, made with the system's own tools.
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lookup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".utf8)
        try pdf.write(to: folder.appendingPathComponent("plain.pdf"))
        try pdf.write(to: folder.appendingPathComponent("sub/zweit.pdf"))
        try Data().write(to: folder.appendingPathComponent("empty.pdf"))
        // Stored decomposed, as macOS writes it; the export names it composed.
        try pdf.write(to: folder.appendingPathComponent("Mu\u{308}ller.pdf"))
        try pdf.write(to: folder.appendingPathComponent("locked.pdf"))
        try pdf.write(to: folder.appendingPathComponent("foreign.pdf"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.pdf"), withIntermediateDirectories: true)
        let script = """
            set -e; cd "$1"
            ln -s plain.pdf inside-link.pdf
            ln -s /etc/hostname outside-link.pdf
            ln -s missing-target.pdf dangling.pdf
            mkfifo fifo.pdf
            chmod 000 locked.pdf
            if [ "$(id -u)" = 0 ]; then chown 65534:65534 foreign.pdf; chmod 600 foreign.pdf; fi
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", script, "sh", folder.path]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        return folder
    }

    static let names = [
        "plain.pdf", "empty.pdf", "sub/zweit.pdf", "Müller.pdf", "locked.pdf", "foreign.pdf", "dir.pdf", "inside-link.pdf",
        "outside-link.pdf", "dangling.pdf", "fifo.pdf", "missing.pdf", "../plain.pdf", "/etc/hostname", ".",
    ]

    /// What checking `name` reports: the accepted entry's name and size, or the findings.
    static func outcome(_ checker: AttachmentChecker, _ name: String) -> (attachment: AttachmentChecker.Attachment?, findings: [Finding]) {
        var customer = Record()
        var event = Record()
        event["file"] = .scalar(.text(name))
        customer["events"] = .list([event])
        var findings: [Finding] = []
        var fault: AttachmentChecker.Fault?
        let attachments = checker.check(&customer, findings: &findings, fault: &fault)
        #expect(fault == nil)
        return (attachments.first, findings)
    }

    @Test("looking reports what opening reports, for every kind of entry", arguments: names)
    func sameFindings(name: String) throws {
        let folder = try AttachmentLookupTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opening = AttachmentLookupTests.outcome(AttachmentChecker(folder: folder.path), name)
        let looking = AttachmentLookupTests.outcome(AttachmentChecker(folder: folder.path, opensFiles: false), name)
        #expect(looking.attachment == opening.attachment)
        #expect(looking.findings == opening.findings)
    }

    @Test("only a plain name of an own, readable regular file is taken without opening")
    func whatIsLookedAt() throws {
        let folder = try AttachmentLookupTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let looking = AttachmentChecker(folder: folder.path, opensFiles: false)
        let plain = AttachmentLookupTests.outcome(looking, "plain.pdf").attachment
        #expect(plain?.size == 45)
        #expect(plain?.file == nil)
        #expect(AttachmentLookupTests.outcome(looking, "empty.pdf").attachment?.file == nil)
        // A link (even one that stays inside), a subfolder's file, the other Unicode form and
        // files this user does not own or cannot read by the owner's bits are opened as convert opens them.
        for name in ["inside-link.pdf", "sub/zweit.pdf", "Müller.pdf", "locked.pdf", "foreign.pdf"] {
            let attachment = AttachmentLookupTests.outcome(looking, name).attachment
            if let attachment { #expect(attachment.file != nil, "\(name)") }
        }
        #expect(AttachmentLookupTests.outcome(looking, "inside-link.pdf").attachment?.file != nil)
        // Convert always holds what it checked open.
        #expect(AttachmentLookupTests.outcome(AttachmentChecker(folder: folder.path), "plain.pdf").attachment?.file != nil)
        let descriptor = try FileDescriptor.open(folder.path, .readOnly, options: .folder)
        #expect(AttachmentChecker.ownReadableFileSize(descriptor, "plain.pdf", user: geteuid()) == 45)
        #expect(AttachmentChecker.ownReadableFileSize(descriptor, "locked.pdf", user: geteuid()) == nil)
        #expect(AttachmentChecker.ownReadableFileSize(descriptor, "inside-link.pdf", user: geteuid()) == nil)
        #expect(AttachmentChecker.ownReadableFileSize(descriptor, "fifo.pdf", user: geteuid()) == nil)
    }
}
