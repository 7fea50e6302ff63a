import ArgumentParser
import Foundation
import SegmentStore

struct RegistryExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the full audit history as JSON lines or CSV; the export is itself recorded in the log.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "jsonl or csv.")
    var format: Format = .jsonl

    @Option(name: .long, help: "Write to this file instead of standard output.")
    var out: String?

    @Option(name: .long, help: "Who is exporting (default: $SEGMENTOPS_ACTOR, else the OS user).")
    var actor: String?

    func run() async throws {
        let context = try CommandContext(global)
        let registry = try RegistryContext(context).registry
        let entries = try registry.history()
        let text: String
        switch format {
        case .jsonl:
            text = try entries.map { try JSONEncoderFactory.text($0) + "\n" }.joined()
        case .csv:
            let header = "seq,at,actor,action,version,other_version,outcome,reason,before,after,evidence,prev_hash,hash\n"
            text = header + entries.map { e in
                [String(e.seq), e.at, e.actor, e.action, e.version.map(String.init) ?? "",
                 e.otherVersion.map(String.init) ?? "", e.outcome, e.reason ?? "", e.before ?? "", e.after ?? "",
                 e.evidence.text, e.prevHash, e.hash].map(csvField).joined(separator: ",") + "\n"
            }.joined()
        }
        let data = Data(text.utf8)
        if let out {
            let file = try OutputFile(path: out)
            try file.write(data)
            try file.close()
        } else {
            Console.out(bytes: data)
        }
        try registry.record(AuditLog.Record(
            actor: ActorIdentity.resolve(actor), action: "export",
            evidence: ["format": .string(format.rawValue), "entries": .int(entries.count),
                       "last_seq": .optional(entries.last?.seq), "destination": .string(out ?? "stdout"),
                       "sha256": .string(sha256Hex(data))]), at: context.now)
        if out != nil && !global.json {
            Console.out("exported \(entries.count) entries to \(out!) (sha256 \(sha256Hex(data).prefix(16))…)")
        }
    }

    func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
