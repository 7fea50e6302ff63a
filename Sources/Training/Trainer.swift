import Foundation
import SegmentConfig
import SegmentModel
import SegmentStore

/// Trains a version for a day: loads the window, fits, measures the holdout, freezes the reference profile and
/// registers the artifact as a new candidate.
public struct Trainer: Sendable {
    public struct Outcome: Sendable {
        public let version: ModelVersion
        public let artifact: ModelArtifact
        public let window: TrainingWindow
        public let fitSeconds: Double
        public let totalSeconds: Double
        public let iterations: Int
    }

    public let database: any StoreBackend
    public let config: SegmentOpsConfig

    public init(database: any StoreBackend, config: SegmentOpsConfig) {
        self.database = database
        self.config = config
    }

    /// The standard recipe of the configuration (the window rule).
    public var standardRecipe: TrainingRecipe {
        .standard(windowDays: config.training.windowDays, holdoutDays: config.training.holdoutDays,
                  withoutFeatures: config.training.excludeFeatures)
    }

    /// The window `recipe` trains on for decisions on day `asOf`: it ends at the label horizon — `asOf` itself when
    /// labels are known on the day, earlier when they arrive late — and counts only labels known by `asOf`.
    public func window(asOf: Day, recipe: TrainingRecipe) throws -> TrainingWindow {
        // The holdout is what the gates compare on: it must hold the rows they need as evidence.
        let end = try ObservationStore(database: database).labelHorizon(
            asOf: asOf, windowDays: recipe.holdoutDays,
            minLabelled: max(config.monitoring.minLabelled, config.release.gates.minRows))
        return TrainingWindow(asOf: end, windowDays: recipe.windowDays, holdoutDays: recipe.holdoutDays)
    }

    /// Fits and measures without registering (also what `train` registers).
    public func fit(asOf: Day, recipe: TrainingRecipe? = nil) throws
        -> (artifact: ModelArtifact, window: TrainingWindow, fitSeconds: Double, iterations: Int) {
        let schema = config.schema
        let recipe = recipe ?? standardRecipe
        let window = try self.window(asOf: asOf, recipe: recipe)
        let store = ObservationStore(database: database)
        let rows = try store.load(window.window, labelledOnly: true, knownBy: asOf)
        let split = rows.days.firstIndex { $0 >= window.holdout.from } ?? rows.count
        guard split > 0 else {
            throw TrainingError.emptyWindow(part: "train", range: window.train, dataRange: try labelledRange(store))
        }
        guard split < rows.count else {
            throw TrainingError.emptyWindow(part: "holdout", range: window.holdout, dataRange: try labelledRange(store))
        }
        let trainX = FeatureMatrix(columns: schema.features.count, values: Array(rows.features[0..<(split * schema.features.count)]))
        let trainY = Array(rows.labels[0..<split])
        let holdX = FeatureMatrix(columns: schema.features.count, values: Array(rows.features[(split * schema.features.count)...]))
        let holdY = Array(rows.labels[split...])
        let present = Set(trainY)
        if let missing = schema.segments.indices.first(where: { !present.contains(Int32($0)) }) {
            throw TrainingError.missingSegment(segment: schema.segments[missing], range: window.train)
        }
        let weights = recipe.halfLifeDays == nil ? nil
            : (0..<split).map { recipe.weight(age: window.train.to - rows.days[$0]) }

        var options = SoftmaxTrainer.Options()
        options.l2 = config.training.l2
        options.optimizer.maxIterations = config.training.maxIterations
        options.optimizer.gradientTolerance = config.training.gradientTolerance
        let started = Date()
        let fit = try SoftmaxTrainer(options: options).fit(LabelledData(features: masked(trainX, recipe), labels: trainY),
                                                           features: schema.features, segments: schema.segments,
                                                           weights: weights)
        let fitSeconds = Date().timeIntervalSince(started)
        guard fit.converged else { throw TrainingError.notConverged(iterations: fit.iterations, gradient: fit.gradientNorm) }

        let metrics = ClassificationMetrics(labels: holdY, probabilities: fit.model.probabilities(holdX),
                                            segments: schema.segments.count, harmPairs: schema.harmPairIndices)
        let training = ModelArtifact.Training(
            window: window.window, trainWindow: window.train, holdoutWindow: window.holdout, trainRows: split,
            holdoutRows: rows.count - split, fingerprint: DataFingerprint.compute(rows), l2: config.training.l2,
            iterations: fit.iterations, converged: fit.converged,
            recipe: recipe == .standard(windowDays: config.training.windowDays, holdoutDays: config.training.holdoutDays)
                ? nil : recipe, labelsKnownBy: asOf)
        let artifact = ModelArtifact(model: fit.model, harmPairs: schema.harmPairs, training: training,
                                     metrics: MetricsReport(metrics, segments: schema.segments),
                                     reference: ReferenceProfile(training: trainX, featureNames: schema.features,
                                                                 model: fit.model))
        return (artifact, window, fitSeconds, fit.iterations)
    }

    /// Trains for `asOf` (with `recipe`, default the standard one) and registers the result as a candidate.
    public func train(asOf: Day, recipe: TrainingRecipe? = nil, actor: String, configSnapshot: String,
                      at date: Date) throws -> Outcome {
        let started = Date()
        let (artifact, window, fitSeconds, iterations) = try fit(asOf: asOf, recipe: recipe)
        let new = try NewModelVersion(artifact: artifact, asOf: asOf, actor: actor, configSnapshot: configSnapshot,
                                      codeVersion: CodeVersion.current)
        let version = try ModelRegistry(database: database).register(new, at: date)
        return Outcome(version: version, artifact: artifact, window: window, fitSeconds: fitSeconds,
                       totalSeconds: Date().timeIntervalSince(started), iterations: iterations)
    }

    /// The training rows with the recipe's excluded features set to zero: a constant column gets no weight, so the
    /// model ignores the feature (the reference profile keeps the real values for the drift monitors).
    func masked(_ x: FeatureMatrix, _ recipe: TrainingRecipe) -> FeatureMatrix {
        let columns = recipe.withoutFeatures.compactMap { config.schema.features.firstIndex(of: $0) }
        guard !columns.isEmpty else { return x }
        var values = x.values
        for r in 0..<x.rows { for j in columns { values[r * x.columns + j] = 0 } }
        return FeatureMatrix(columns: x.columns, values: values)
    }

    func labelledRange(_ store: ObservationStore) throws -> DayRange? {
        guard let last = try store.latestDay(labelled: true), let first = try store.earliestDay() else { return nil }
        return DayRange(from: first, to: last)
    }
}
