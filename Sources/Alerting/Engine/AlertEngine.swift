import Crypto
import Foundation
import Logging
import SegmentConfig
import SegmentModel
import SegmentStore

/// Evaluates every rule against the current signals and persists state changes together with their outbox rows,
/// in one transaction: an alert that changed state has its notification owed, or neither happened.
public struct AlertEngine: Sendable {
    public let database: any StoreBackend
    public let config: SegmentOpsConfig
    public let rules: [AlertRule]
    public let logger: Logger

    public init(database: any StoreBackend, config: SegmentOpsConfig, rules: [AlertRule],
                logger: Logger = Logger(label: "segmentops.alerts")) {
        self.database = database
        self.config = config
        self.rules = rules
        self.logger = logger
    }

    /// One change an evaluation made.
    public struct Change: Sendable, Equatable, Codable {
        public let rule: String
        public let fingerprint: String
        public let labels: [String: String]
        public let from: String
        public let to: String
        public let notification: String?
        public let severity: String
        public let summary: String
    }

    static let cursorKey = "alerts.event_cursor"

    /// Evaluates all rules (or those whose source starts with `sourcePrefix`) at `date`.
    @discardableResult
    public func evaluate(at date: Date, sourcePrefix: String? = nil) throws -> [Change] {
        let collector = SignalCollector(database: database, config: config)
        let selected = rules.filter { sourcePrefix == nil || $0.source.hasPrefix(sourcePrefix!) }
        let monitorSignals = try collector.monitorSignals(at: date)
        let cursor = try database.read { db in
            try db.value("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?", [AlertEngine.cursorKey], as: Int.self) ?? 0
        }
        let lastEvent = try EventStore(database: database).lastID()
        var perRule = [(AlertRule, [Signal])]()
        for rule in selected {
            if rule.source.hasPrefix("event.") {
                perRule.append((rule, [try collector.eventSignal(for: rule, after: cursor)]))
            } else {
                perRule.append((rule, monitorSignals.filter { $0.source == rule.source }))
            }
        }
        return try database.write { db in
            var changes = [Change]()
            for (rule, signals) in perRule {
                var seen = Set<String>()
                for signal in signals {
                    let labels = rule.labels.merging(signal.labels) { $1 }
                    let fp = AlertEngine.fingerprint(rule: rule.name, labels: labels)
                    seen.insert(fp)
                    if let change = try apply(db, rule: rule, fingerprint: fp, labels: labels, signal: signal, holds: signal.holds(rule.condition), at: date) {
                        changes.append(change)
                    }
                }
                // Alerts of this rule whose signal is gone (e.g. a receiver removed) see a false condition.
                let states: [AlertStateRecord] = try db.records("SELECT * FROM alert_state WHERE rule = ?", [rule.name])
                let others = states.filter { !seen.contains($0.fingerprint) && ($0.state == .firing || $0.state == .pending) }
                for state in others {
                    let empty = Signal(source: rule.source, labels: state.labels, active: false, figures: state.figures)
                    if let change = try apply(db, rule: rule, fingerprint: state.fingerprint, labels: state.labels,
                                              signal: empty, holds: sourcePrefix == nil ? false : nil, at: date) {
                        changes.append(change)
                    }
                }
            }
            if sourcePrefix == nil {
                try db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               [AlertEngine.cursorKey, String(lastEvent)])
            }
            return changes
        }
    }

    func apply(_ db: any SQLExecutor, rule: AlertRule, fingerprint: String, labels: [String: String], signal: Signal,
               holds: Bool?, at date: Date) throws -> Change? {
        var state = try db.record("SELECT * FROM alert_state WHERE fingerprint = ?", [fingerprint], as: AlertStateRecord.self)
            ?? AlertStateRecord(fingerprint: fingerprint, rule: rule.name, labels: labels, severity: rule.severity.rawValue,
                                evaluatedAt: Timestamp.format(date))
        let before = state.state
        state.severity = rule.severity.rawValue
        if holds == true || state.figures.isEmpty {
            state.figures = signal.figures
            let values = signal.figures.merging(labels) { $1 }.merging(["rule": rule.name, "severity": rule.severity.rawValue]) { $1 }
            state.summary = Template.render(rule.summary, values: values)
            state.description = Template.render(rule.description, values: values)
        }
        let machine = AlertStateMachine(
            forEvaluations: rule.forEvaluations, keepFiringFor: rule.keepFiringFor,
            repeatInterval: rule.repeatInterval ?? config.alerting.repeatInterval[rule.severity.rawValue] ?? 86400,
            flapWindow: config.alerting.flapWindow, flapMaxChanges: config.alerting.flapMaxChanges)
        let notification = machine.step(&state, holds: holds, now: date)
        try state.save(db)
        if before != state.state {
            try db.run("""
                INSERT INTO alert_transition (at, fingerprint, rule, from_state, to_state, figures, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [Timestamp.format(date), fingerprint, rule.name, before.rawValue, state.state.rawValue,
                                 try JSONEncoderFactory.text(state.figures), notification?.rawValue])
            logger.info("Alert state changed", metadata: ["alert.rule": "\(rule.name)", "alert.from": "\(before.rawValue)",
                                                          "alert.to": "\(state.state.rawValue)"])
        }
        if let notification {
            try enqueue(db, rule: rule, state: state, kind: notification.rawValue, at: date)
        }
        guard before != state.state || notification != nil else { return nil }
        return Change(rule: rule.name, fingerprint: fingerprint, labels: labels, from: before.rawValue,
                      to: state.state.rawValue, notification: notification?.rawValue, severity: rule.severity.rawValue,
                      summary: state.summary)
    }

    /// Writes the notification and its outbox rows for every receiver routed to.
    func enqueue(_ db: any SQLExecutor, rule: AlertRule, state: AlertStateRecord, kind: String, at date: Date,
                 onlyKinds: Set<ReceiverConfig.Kind>? = nil) throws {
        let receivers = Routing.receivers(for: state.severity, labels: state.labels, in: config.alerting.receivers)
            .filter { onlyKinds == nil || onlyKinds!.contains($0.kind) }
        let payload = NotificationBuilder(config: config).build(rule: rule, state: state, kind: kind, at: date)
        try OutboxStore.enqueue(db, NewNotification(
            id: payload.id, fingerprint: state.fingerprint, rule: rule.name, severity: state.severity,
            status: payload.status, payload: try JSONEncoderFactory.text(payload), receivers: receivers.map(\.name)), at: date)
    }

    /// Re-pushes every firing alert to Alertmanager receivers (Alertmanager resolves alerts not re-sent).
    public func refreshAlertmanager(at date: Date) throws {
        guard config.alerting.receivers.contains(where: { $0.kind == .alertmanager }) else { return }
        let byName = Dictionary(uniqueKeysWithValues: rules.map { ($0.name, $0) })
        try database.write { db in
            // Re-pushes are only useful while fresh: drop delivered ones older than a day (the outbox keeps every
            // real notification forever).
            let cutoff = Timestamp.format(date.addingTimeInterval(-86400))
            let kind = db.dialect == .postgres ? "CAST(payload AS jsonb) ->> 'kind'" : "json_extract(payload, '$.kind')"
            let stale = "SELECT id FROM notification WHERE \(kind) = 'refresh' AND created_at < ?"
                + " AND id NOT IN (SELECT notification_id FROM outbox WHERE state <> 'delivered')"
            try db.run("DELETE FROM outbox WHERE notification_id IN (\(stale))", [cutoff])
            try db.run("DELETE FROM notification WHERE id IN (\(stale))", [cutoff])
            let firing = try db.records("SELECT * FROM alert_state WHERE state = 'firing'", as: AlertStateRecord.self)
            for state in firing {
                guard let rule = byName[state.rule] else { continue }
                try enqueue(db, rule: rule, state: state, kind: "refresh", at: date, onlyKinds: [.alertmanager])
            }
        }
    }

    /// Stable identity of an alert: rule name and sorted labels.
    public static func fingerprint(rule: String, labels: [String: String]) -> String {
        var text = rule
        for key in labels.keys.sorted() { text += "\u{0}\(key)=\(labels[key]!)" }
        return String(SHA256.hash(data: Data(text.utf8)).hexString.prefix(16))
    }
}
