import Foundation

/// The figures a benchmark run measures: printed as a table as they come, or emitted together as JSON.
struct BenchFigures {
    struct Figure: Encodable {
        let name: String
        let value: Double
        let unit: String
        let detail: String
    }

    let json: Bool
    private(set) var figures = [Figure]()

    init(json: Bool) { self.json = json }

    mutating func record(_ name: String, _ value: Double, _ unit: String, _ detail: String) {
        figures.append(Figure(name: name, value: value, unit: unit, detail: detail))
        if !json {
            let label = name.count < 44 ? name + String(repeating: " ", count: 44 - name.count) : name
            Console.out("\(label) \(String(format: value >= 100 ? "%.0f" : "%.3f", value)) \(unit)  (\(detail))")
        }
    }

    /// Runs `body` and returns its result with the wall-clock seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    /// The async form of `timed`.
    static func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = Date()
        let result = try await body()
        return (result, Date().timeIntervalSince(start))
    }

    func emit() throws {
        if json { try Output(json: true).emit(figures) }
    }
}
