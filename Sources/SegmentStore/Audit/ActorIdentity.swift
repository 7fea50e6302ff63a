import Foundation

/// Who is acting: `--actor` when given, else `$SEGMENTOPS_ACTOR`, else the operating-system user.
public enum ActorIdentity {
    public static let system = "segmentops"

    public static func resolve(_ explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty { return explicit }
        if let env = environment["SEGMENTOPS_ACTOR"], !env.isEmpty { return env }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? "unknown"
    }
}
