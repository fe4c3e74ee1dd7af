/// `inspect --json`: one object per ZIP with its findings.
package enum InspectionOutput {
    package static func json(_ reports: [PackageInspector.Report]) -> String {
        let string = JSONWriter.quoted
        let items = reports.map { report in
            let findings = report.findings.map { finding in
                "{ \"severity\": \(string(finding.severity.rawValue)), \"code\": \(string(finding.code.rawValue)), "
                    + "\"field\": \(string(finding.field)), \"message\": \(string(finding.message)) }"
            }
            return "  { \"zip\": \(string(report.path)), \"passed\": \(report.passed), \"findings\": ["
                + (findings.isEmpty ? "" : "\n    " + findings.joined(separator: ",\n    ") + "\n  ") + "] }"
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}
