import Foundation
import SegmentModel
import SegmentStore
import Training

/// Retrains a version's recipe without the flagged proxy features (same day, same window rule, nothing
/// registered) and measures both models on the same holdout rows and the same audit customers.
struct FairnessAlternativeBuilder {
    let audit: FairnessAudit

    func build(version: Int, without flagged: [String], population: AuditPopulation,
               report: FairnessReport) throws -> FairnessAlternative {
        let (fit, original) = try fitAlternative(version: version, without: flagged)
        let config = audit.config
        let store = ObservationStore(database: audit.database)
        let holdout = try store.loadLabelled(fit.artifact.training.holdoutWindow, knownBy: fit.artifact.training.labelsKnownBy)
        let harm = config.schema.harmPairIndices, k = config.schema.segments.count
        func metrics(_ model: SoftmaxModel) -> ClassificationMetrics {
            ClassificationMetrics(labels: holdout.labels, probabilities: model.probabilities(holdout.features),
                                  segments: k, harmPairs: harm)
        }
        let alternativeModel = try fit.artifact.model()
        let before = metrics(try original.model()), after = metrics(alternativeModel)
        var alternative = audit.assemble(version: version, asOf: report.asOf, population: population,
                                         predictions: alternativeModel.predictions(population.features),
                                         production: nil, against: nil)
        (alternative.verdict, alternative.verdictReason) = audit.verdict(alternative)
        let ratios = zip(report.cells, alternative.cells).filter { $0.0.gated && !$0.0.isReference }.map { a, b in
            FairnessAlternative.Ratio(attribute: a.attribute, group: a.group, segment: a.segment, air: a.air,
                                      alternativeAIR: b.air, verdict: a.verdict, alternativeVerdict: b.verdict)
        }
        let list = fit.artifact.training.recipe?.withoutFeatures ?? flagged
        return FairnessAlternative(
            withoutFeatures: list, accuracy: before.accuracy, alternativeAccuracy: after.accuracy,
            harmRate: before.harmRate, alternativeHarmRate: after.harmRate, ratios: ratios,
            alternativeVerdict: alternative.verdict,
            adopt: "segmentops fairness report --version \(version) --as-of \(report.asOf) --register-alternative "
                + "--actor NAME (a candidate for the usual gates); to train without them every night, set "
                + "training.exclude_features: [\(list.joined(separator: ", "))] in segmentops.yaml")
    }

    /// The alternative fitted for the version's day with its recipe minus `flagged`, and the version's artifact.
    func fitAlternative(version: Int, without flagged: [String]) throws
        -> (fit: (artifact: ModelArtifact, window: TrainingWindow, fitSeconds: Double, iterations: Int), original: ModelArtifact) {
        let plan = try self.plan(version: version, without: flagged)
        return (try Trainer(database: audit.database, config: audit.config).fit(asOf: plan.day, recipe: plan.recipe), plan.original)
    }

    /// Registers the alternative as a candidate (it then faces the usual gates, fairness included).
    func register(version: Int, without flagged: [String], actor: String, configSnapshot: String,
                  at date: Date) throws -> Trainer.Outcome {
        let plan = try self.plan(version: version, without: flagged)
        return try Trainer(database: audit.database, config: audit.config)
            .train(asOf: plan.day, recipe: plan.recipe, actor: actor, configSnapshot: configSnapshot, at: date)
    }

    /// The version's recipe without `flagged`, and the day it was trained for.
    func plan(version: Int, without flagged: [String]) throws -> (recipe: TrainingRecipe, day: Day, original: ModelArtifact) {
        let registry = ModelRegistry(database: audit.database)
        let original = try registry.artifact(version)
        let t = original.training
        let recipe = (t.recipe ?? .standard(windowDays: t.window.dayCount, holdoutDays: t.holdoutWindow.dayCount))
            .without(flagged)
        return (recipe, try t.labelsKnownBy ?? registry.version(version).asOf, original)
    }
}
