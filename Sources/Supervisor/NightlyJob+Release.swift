import Foundation
import Monitoring
import Release
import SegmentModel
import SegmentStore
import Training

extension NightlyJob {
    /// Whether challengers are wanted: the production model's latest evaluation found significant accuracy decay
    /// or a tripped guardrail (what AccuracyDecay and MisclassificationGuardrailTripped alert on) — or production is
    /// itself a challenger, a stopgap on a short window that newer challengers improve on until the standard
    /// recipe catches up and replaces it.
    func drifting() throws -> Bool {
        let registry = ModelRegistry(database: database)
        guard let production = try registry.production() else { return false }
        if try registry.artifact(production.version).training.recipe?.isChallenger == true { return true }
        guard let run = try MonitorRunStore(database: database).latest(kind: "evaluation"),
              let evaluation = try? run.figures.decode(EvaluationReport.self),
              evaluation.version == production.version, evaluation.status == .ok else { return false }
        return evaluation.decaySignificant || evaluation.guardrail.tripped
    }

    /// Trains a challenger per `release.challengers.windows` while the model is drifting; a challenger that cannot
    /// be trained (too little recent data) is recorded and skipped.
    func trainChallengers(asOf: Day, jobID: Int, at date: Date) async throws -> [Int] {
        let c = config.release.challengers
        guard c.enabled, !c.windows.isEmpty, try drifting() else { return [] }
        var versions = [Int]()
        for days in c.windows {
            let recipe = TrainingRecipe.challenger(trainDays: days, holdoutDays: c.holdoutDays, halfLifeDays: c.halfLifeDays,
                                                   withoutFeatures: config.training.excludeFeatures)
            do {
                let outcome = try await Offload.run {
                    try Trainer(database: database, config: config)
                        .train(asOf: asOf, recipe: recipe, actor: ActorIdentity.system, configSnapshot: configSnapshot, at: date)
                }
                versions.append(outcome.version.version)
            } catch {
                try EventStore(database: database).record(
                    type: "challenger_failed", asOf: asOf, jobID: jobID,
                    detail: ["recipe": .string(recipe.name), "error": .string(String(describing: error))], at: date)
            }
        }
        if !versions.isEmpty {
            try EventStore(database: database).record(
                type: "challengers_trained", asOf: asOf, jobID: jobID,
                detail: ["versions": .array(versions.map { .int($0) }),
                         "windows": .array(c.windows.map { .int($0) }), "half_life_days": .number(c.halfLifeDays)],
                at: date)
        }
        return versions
    }

    /// The night's release decision under `policy`.
    func decide(_ candidates: [Int], asOf: Day, at date: Date) throws -> AutoPromoter.Decision {
        let registry = ModelRegistry(database: database)
        let current = try registry.production()?.version
        let newest = candidates[0]
        switch policy {
        case .configured:
            return try AutoPromoter(database: database, config: config).decide(candidates: candidates, asOf: asOf, at: date)
        case .frozen where current != nil:
            try EventStore(database: database).record(type: "candidate_registered", asOf: asOf, version: newest,
                                                      detail: ["why": "backtest policy frozen: keep the first version"], at: date)
            return .disabled(version: newest)
        case .alwaysNewest, .frozen:
            _ = try Promoter(database: database, config: config).promote(
                .init(version: newest, actor: ActorIdentity.system, reason: "backtest policy \(policy.rawValue)", force: true),
                at: date)
            try EventStore(database: database).record(type: "promoted", asOf: asOf, version: newest,
                                                      detail: ["decision": "promoted", "policy": .string(policy.rawValue)], at: date)
            return .promoted(version: newest, replaced: current, remedial: false)
        }
    }
}
