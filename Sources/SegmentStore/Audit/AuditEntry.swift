import Crypto
import Foundation

/// One row of the append-only audit log: who did what to which version, why, what changed, on what evidence.
public struct AuditEntry: Sendable, Equatable, Codable, SQLRecord {
    public let seq: Int
    /// UTC timestamp, `Timestamp` format.
    public let at: String
    public let actor: String
    public let action: String
    public let version: Int?
    /// The other version involved (the production version replaced, the rollback target's predecessor…).
    public let otherVersion: Int?
    /// `ok`, or why the attempt changed nothing (`conflict`, `refused`, `blocked`, `held`).
    public let outcome: String
    public let reason: String?
    public let before: String?
    public let after: String?
    public let evidence: JSONValue
    public let prevHash: String
    public let hash: String

    enum CodingKeys: String, CodingKey {
        case seq, at, actor, action, version, outcome, reason, before, after, evidence, hash
        case otherVersion = "other_version"
        case prevHash = "prev_hash"
    }

    public init(row: SQLRow) throws {
        seq = row["seq"]
        at = row["at"]
        actor = row["actor"]
        action = row["action"]
        version = row["version"]
        otherVersion = row["other_version"]
        outcome = row["outcome"]
        reason = row["reason"]
        before = row["before"]
        after = row["after"]
        evidence = (try? JSONValue(parsing: row["evidence"] as String)) ?? .string(row["evidence"] as String)
        prevHash = row["prev_hash"]
        hash = row["hash"]
    }

    init(seq: Int, at: String, actor: String, action: String, version: Int?, otherVersion: Int?, outcome: String,
         reason: String?, before: String?, after: String?, evidence: JSONValue, prevHash: String) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.version = version
        self.otherVersion = otherVersion
        self.outcome = outcome
        self.reason = reason
        self.before = before
        self.after = after
        self.evidence = evidence
        self.prevHash = prevHash
        self.hash = AuditEntry.hash(seq: seq, at: at, actor: actor, action: action, version: version,
                                    otherVersion: otherVersion, outcome: outcome, reason: reason, before: before,
                                    after: after, evidenceText: evidence.text, prevHash: prevHash)
    }

    /// SHA-256 (hex) of the entry's canonical form: the line `segmentops-audit-v1`, then one line per field
    /// `name=<byte length>:<value>` (null as `name=-`), in the order below. The evidence is its stored JSON text.
    public static func hash(seq: Int, at: String, actor: String, action: String, version: Int?, otherVersion: Int?,
                            outcome: String, reason: String?, before: String?, after: String?, evidenceText: String,
                            prevHash: String) -> String {
        var text = "segmentops-audit-v1\n"
        func field(_ name: String, _ value: String?) {
            guard let value else {
                text += "\(name)=-\n"
                return
            }
            text += "\(name)=\(value.utf8.count):\(value)\n"
        }
        field("seq", String(seq))
        field("at", at)
        field("actor", actor)
        field("action", action)
        field("version", version.map(String.init))
        field("other_version", otherVersion.map(String.init))
        field("outcome", outcome)
        field("reason", reason)
        field("before", before)
        field("after", after)
        field("evidence", evidenceText)
        field("prev_hash", prevHash)
        return SHA256.hash(data: Data(text.utf8)).hexString
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension SHA256.Digest {
    public var hexString: String { Array(self).hexString }
}

/// SHA-256 of bytes as lower-case hex.
public func sha256Hex(_ data: some DataProtocol) -> String { SHA256.hash(data: data).hexString }
