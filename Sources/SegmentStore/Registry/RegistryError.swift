/// Why a registry change was refused; nothing changed.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    /// Compare-and-set failed: production is not what the caller expected.
    case conflict(expected: Int?, actual: Int?)
    case notPromotable(version: Int, stage: ModelStage)
    case alreadyProduction(Int)
    case noRollbackTarget
    case neverServed(Int)
    case noProduction
    case reasonRequired(action: String)
    case approvalRequired(version: Int, approvers: [String])
    case sameActor(actor: String, role: String)
    case notRejectable(version: Int, stage: ModelStage)

    static func show(_ v: Int?) -> String { v.map { "v\($0)" } ?? "none" }

    public var description: String {
        switch self {
        case .conflict(let expected, let actual):
            "production changed underneath you: expected \(RegistryError.show(expected)), it is now \(RegistryError.show(actual)); nothing was changed — review `segmentops registry history` and retry with --expect-current \(RegistryError.show(actual))"
        case .notPromotable(let v, let stage):
            "version \(v) is \(stage.rawValue); promoting it needs --force and a --reason"
        case .alreadyProduction(let v):
            "version \(v) is already in production"
        case .noRollbackTarget:
            "there is no earlier production version to roll back to; promote a candidate instead (see `segmentops registry list`)"
        case .neverServed(let v):
            "version \(v) was never in production; a rollback only returns to a version that served before — use `segmentops promote \(v)`"
        case .noProduction:
            "no version is in production; nothing to roll back"
        case .reasonRequired(let action):
            "\(action) needs --reason TEXT: the audit log records why"
        case .approvalRequired(let v, let approvers):
            approvers.isEmpty
                ? "release.require_approval is on: version \(v) needs `segmentops approve \(v) --actor NAME` by someone other than its trainer and its promoter"
                : "release.require_approval is on: version \(v) is approved only by \(approvers.joined(separator: ", ")), who cannot also promote it; another actor must approve"
        case .sameActor(let actor, let role):
            "\(actor) is the \(role) of this version and cannot approve it (separation of duties); another actor must approve"
        case .notRejectable(let v, let stage):
            stage == .production
                ? "version \(v) is in production; roll it back with `segmentops rollback --reason TEXT` instead of rejecting it"
                : "version \(v) is already \(stage.rawValue)"
        }
    }
}
