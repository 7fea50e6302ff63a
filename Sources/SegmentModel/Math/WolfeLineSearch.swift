/// Strong-Wolfe line search along a descent direction (Nocedal & Wright, algorithms 3.5 and 3.6).
struct WolfeLineSearch {
    struct Step {
        var alpha: Double
        var value: Double
        var gradient: [Double]
    }

    let f: ([Double], inout [Double]) -> Double
    let x: [Double]
    let value0: Double
    let slope0: Double
    let direction: [Double]
    let c1 = 1e-4
    let c2 = 0.9
    let maxEvaluations = 40
    private(set) var evaluations = 0

    init(f: @escaping ([Double], inout [Double]) -> Double, x: [Double], value: Double, gradient: [Double],
         direction: [Double]) {
        self.f = f
        self.x = x
        self.value0 = value
        self.slope0 = LBFGS.dot(gradient, direction)
        self.direction = direction
    }

    mutating func run(initial: Double) -> Step? {
        var previous = Step(alpha: 0, value: value0, gradient: [])
        var previousSlope = slope0
        var alpha = initial
        while evaluations < maxEvaluations {
            let step = evaluate(alpha)
            let slope = LBFGS.dot(step.gradient, direction)
            if step.value > value0 + c1 * alpha * slope0 || (previous.alpha > 0 && step.value >= previous.value) {
                return zoom(low: previous, lowSlope: previousSlope, high: step, highSlope: slope)
            }
            if abs(slope) <= -c2 * slope0 { return step }
            if slope >= 0 { return zoom(low: step, lowSlope: slope, high: previous, highSlope: previousSlope) }
            previous = step
            previousSlope = slope
            alpha *= 2
        }
        return nil
    }

    private mutating func zoom(low: Step, lowSlope: Double, high: Step, highSlope: Double) -> Step? {
        var low = low, lowSlope = lowSlope, high = high, highSlope = highSlope
        while evaluations < maxEvaluations {
            let alpha = interpolate(low: low, lowSlope: lowSlope, high: high, highSlope: highSlope)
            let step = evaluate(alpha)
            let slope = LBFGS.dot(step.gradient, direction)
            if step.value > value0 + c1 * alpha * slope0 || step.value >= low.value {
                high = step
                highSlope = slope
            } else {
                if abs(slope) <= -c2 * slope0 { return step }
                if slope * (high.alpha - low.alpha) >= 0 {
                    high = low
                    highSlope = lowSlope
                }
                low = step
                lowSlope = slope
            }
            if abs(high.alpha - low.alpha) < 1e-16 * max(1, abs(low.alpha)) { break }
        }
        // Out of evaluations: accept the best point found if it decreased the objective.
        return low.alpha > 0 && low.value < value0 ? low : nil
    }

    /// Minimiser of the cubic through both ends, kept inside the middle 80% of the bracket (else bisection).
    private func interpolate(low: Step, lowSlope: Double, high: Step, highSlope: Double) -> Double {
        let a = low.alpha, b = high.alpha
        let d1 = lowSlope + highSlope - 3 * (low.value - high.value) / (a - b)
        let radicand = d1 * d1 - lowSlope * highSlope
        let lo = min(a, b), hi = max(a, b), width = hi - lo
        guard radicand >= 0, b.isFinite, a != b else { return (a + b) / 2 }
        let d2 = (b > a ? 1.0 : -1.0) * radicand.squareRoot()
        let candidate = b - (b - a) * (highSlope + d2 - d1) / (highSlope - lowSlope + 2 * d2)
        guard candidate.isFinite, candidate > lo + 0.1 * width, candidate < hi - 0.1 * width else {
            return (a + b) / 2
        }
        return candidate
    }

    private mutating func evaluate(_ alpha: Double) -> Step {
        evaluations += 1
        var point = x
        for i in point.indices { point[i] += alpha * direction[i] }
        var gradient = [Double](repeating: 0, count: x.count)
        let value = f(point, &gradient)
        return Step(alpha: alpha, value: value, gradient: gradient)
    }
}
