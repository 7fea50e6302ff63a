import Foundation
import SegmentModel

/// Recomputes every artifact hash and the whole audit chain, and checks that the registry tables say what the
/// log says (stages, production intervals), so an edit made with the triggers dropped is found and named.
public struct RegistryVerifier: Sendable {
    public struct Report: Sendable, Equatable, Encodable {
        public var versionsChecked = 0
        public var entriesChecked = 0
        /// Every problem found, the first (earliest in the chain or lowest version) first.
        public var problems: [String] = []
        public var ok: Bool { problems.isEmpty }

        enum CodingKeys: String, CodingKey {
            case ok, problems
            case versionsChecked = "versions_checked"
            case entriesChecked = "entries_checked"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ok, forKey: .ok)
            try c.encode(problems, forKey: .problems)
            try c.encode(versionsChecked, forKey: .versionsChecked)
            try c.encode(entriesChecked, forKey: .entriesChecked)
        }
    }

    public let backend: any StoreBackend
    public init(database: any StoreBackend) { self.backend = database }

    public func verify() throws -> Report {
        try backend.read { db in
            var report = Report()
            switch try AuditLog.verifyChain(db) {
            case .success(let n): report.entriesChecked = n
            case .failure(let broken): report.problems.append(broken.description)
            }
            let entries = try AuditLog.entries(db)
            var registered = [Int: String]()
            var derived = [Int: ModelStage]()
            var production: Int?
            for e in entries where e.outcome == "ok" {
                guard let v = e.version else { continue }
                switch e.action {
                case "register":
                    registered[v] = e.evidence["artifact_sha256"]?.stringValue
                    derived[v] = .candidate
                case "promote", "rollback":
                    if let p = production, p != v { derived[p] = e.action == "rollback" ? .rolledBack : .archived }
                    derived[v] = .production
                    production = v
                case "reject":
                    derived[v] = .rejected
                default: break
                }
            }
            let rows = try db.rows("SELECT version, stage, artifact, artifact_sha256 FROM model_version ORDER BY version")
            for row in rows {
                let v: Int = row["version"]
                let data: Data = row["artifact"]
                let stored: String = row["artifact_sha256"]
                report.versionsChecked += 1
                let computed = sha256Hex(data)
                if computed != stored {
                    report.problems.append("artifact of version \(v): bytes do not match artifact_sha256 (stored \(stored.prefix(12))…, computed \(computed.prefix(12))…)")
                }
                if let logged = registered[v] {
                    if logged != stored {
                        report.problems.append("artifact of version \(v): artifact_sha256 \(stored.prefix(12))… differs from the hash recorded at registration (\(logged.prefix(12))…); the artifact was replaced")
                    }
                } else {
                    report.problems.append("version \(v) has no register entry in the audit log")
                }
                let stage: String = row["stage"]
                if let expected = derived[v], expected.rawValue != stage {
                    report.problems.append("version \(v) is '\(stage)' in model_version but the audit log makes it '\(expected.rawValue)'")
                }
            }
            let open: [Int] = try db.values("SELECT version FROM production_interval WHERE ended_at IS NULL")
            if open.count > 1 || open.first != production {
                report.problems.append("production_interval says \(open.map { "v\($0)" }.joined(separator: ", ").ifEmpty("none")) is serving but the audit log says \(production.map { "v\($0)" } ?? "none")")
            }
            return report
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
