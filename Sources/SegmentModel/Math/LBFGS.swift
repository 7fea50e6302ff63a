/// Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 7.4, 3.5 and 3.6).
///
/// Deterministic: no randomness, and the same objective gives the same iterates.
public struct LBFGS: Sendable {
    public struct Options: Sendable, Equatable {
        /// Stop when the largest absolute gradient component is at most this.
        public var gradientTolerance: Double = 1e-6
        /// Stop when the objective improves by less than this, relatively, in one iteration.
        public var relativeImprovement: Double = 1e-14
        public var maxIterations: Int = 1000
        public var memory: Int = 10
        public init() {}
    }

    public enum Stop: String, Sendable, Codable {
        case gradientTolerance = "gradient_tolerance"
        case noImprovement = "no_improvement"
        case maxIterations = "max_iterations"
        case lineSearchFailed = "line_search_failed"
    }

    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        public var gradientNorm: Double
        public var iterations: Int
        public var evaluations: Int
        public var stop: Stop
        /// True when stopped by the gradient or improvement criterion, not by a limit.
        public var converged: Bool { stop == .gradientTolerance || stop == .noImprovement }
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    /// Minimises `f`, which returns the value at x and writes the gradient into its second argument.
    public func minimize(start: [Double], _ f: @escaping ([Double], inout [Double]) -> Double) -> Result {
        var x = start
        var g = [Double](repeating: 0, count: x.count)
        var value = f(x, &g)
        var evaluations = 1
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var iteration = 0
        var stop = Stop.maxIterations

        while iteration < options.maxIterations {
            if LBFGS.maxAbs(g) <= options.gradientTolerance { stop = .gradientTolerance; break }
            var direction = twoLoop(g, s: sHistory, y: yHistory, rho: rhoHistory)
            if LBFGS.dot(direction, g) >= 0 {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                direction = g.map { -$0 }
            }
            let firstStep = sHistory.isEmpty ? min(1, 1 / max(LBFGS.norm(g), 1e-12)) : 1
            var search = WolfeLineSearch(f: f, x: x, value: value, gradient: g, direction: direction)
            guard let step = search.run(initial: firstStep) else {
                evaluations += search.evaluations
                stop = .lineSearchFailed
                break
            }
            evaluations += search.evaluations
            iteration += 1
            let s = direction.map { $0 * step.alpha }
            let y = zip(step.gradient, g).map { $0 - $1 }
            let sy = LBFGS.dot(s, y)
            if sy > 1e-12 {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > options.memory {
                    sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst()
                }
            }
            let previous = value
            for i in x.indices { x[i] += s[i] }
            value = step.value
            g = step.gradient
            if abs(previous - value) <= options.relativeImprovement * max(abs(previous), abs(value), 1) {
                stop = LBFGS.maxAbs(g) <= options.gradientTolerance ? .gradientTolerance : .noImprovement
                break
            }
        }
        return Result(x: x, value: value, gradientNorm: LBFGS.maxAbs(g), iterations: iteration,
                      evaluations: evaluations, stop: stop)
    }

    /// H·(−g) by the two-loop recursion, with the initial Hessian scaled by sᵀy / yᵀy.
    func twoLoop(_ g: [Double], s: [[Double]], y: [[Double]], rho: [Double]) -> [Double] {
        var q = g.map { -$0 }
        var alphas = [Double](repeating: 0, count: s.count)
        for i in stride(from: s.count - 1, through: 0, by: -1) {
            alphas[i] = rho[i] * LBFGS.dot(s[i], q)
            for j in q.indices { q[j] -= alphas[i] * y[i][j] }
        }
        if let lastS = s.last, let lastY = y.last {
            let gamma = LBFGS.dot(lastS, lastY) / LBFGS.dot(lastY, lastY)
            for j in q.indices { q[j] *= gamma }
        }
        for i in s.indices {
            let beta = rho[i] * LBFGS.dot(y[i], q)
            for j in q.indices { q[j] += s[i][j] * (alphas[i] - beta) }
        }
        return q
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
    static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
}
