import ArgumentParser
import Foundation
import SegmentModel
import Simulation

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write realistic synthetic observations in the data contract.",
        discussion: """
            Scenarios: stable (no drift), migration (segment mix shifts; features keep their meaning), \
            concept (from the change day builders look like acquirers on credit-access features), \
            broken_feed (from the change day utilization_ratio is in percent and monitoring_sessions is dead). \
            The change day defaults to 60% into the period. Deterministic per seed.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "stable | migration | concept | broken_feed")
    var scenario: String = "stable"

    @Option(name: .long, help: "Number of customers (each observed weekly).")
    var customers: Int = 5000

    @Option(name: .long, help: "Number of days.")
    var days: Int = 120

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "First day (default 2026-01-01).")
    var start: DayArgument?

    @Option(name: .customLong("change-day"), help: "Day the scenario's change starts (default: 60% into the period).")
    var changeDay: DayArgument?

    @Option(name: .customLong("label-delay"), help: ArgumentHelp(
        "Labels become known MIN to MAX days after the observation (a labelled_on column), e.g. 7-21; default: on the day.",
        valueName: "MIN-MAX"))
    var labelDelay: String?

    @Option(name: .long, help: "Output CSV file.")
    var out: String

    @Option(name: .long, help: ArgumentHelp("Also write every latent segment switch (the ground truth) as customer_id,date,from,to.",
                                            valueName: "file"))
    var truth: String?

    @Option(name: .long, help: ArgumentHelp("Also write a protected group per customer (self-reported `group`, and a BISG-style `group_estimate` with probabilities), for `segmentops attributes ingest`.",
                                            valueName: "file"))
    var attributes: String?

    @Flag(name: .long, help: "group_b gets lower credit scores and shorter tenure at equal behaviour: a proxy a model can learn (default: neutral groups).")
    var proxy = false

    struct Result: Encodable {
        let file: String
        let scenario: String
        let rows: Int
        let labelled: Int
        let first: String
        let last: String
        let changeDay: String
        enum CodingKeys: String, CodingKey {
            case file, scenario, rows, labelled, first, last
            case changeDay = "change_day"
        }
    }

    func run() async throws {
        guard let kind = Scenario(rawValue: scenario) else {
            throw ValidationError("unknown scenario '\(scenario)'; use \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var spec = SimulationSpec(scenario: kind, customers: customers, days: days, seed: seed,
                                  start: start?.day ?? Day(year: 2026, month: 1, day: 1)!, changeDay: changeDay?.day)
        if let labelDelay {
            let parts = labelDelay.split(separator: "-").map { Int($0) }
            guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo <= hi else {
                throw ValidationError("--label-delay must be MIN-MAX days, e.g. 7-21 (got '\(labelDelay)')")
            }
            spec.labelDelay = lo...hi
        }
        spec.proxy = proxy
        do { try spec.validate() } catch { throw ValidationError("\(error)") }
        let result = try SimulationWriter.write(spec: spec, to: out, truth: truth)
        if let attributes { try SimulationWriter.writeAttributes(spec: spec, to: attributes) }
        if global.json { return try Output(json: true).emit(result) }
        Console.out("\(out): \(result.rows) rows (\(result.labelled) labelled), \(result.first)…\(result.last), scenario \(scenario) — \(kind.summary); change day \(result.changeDay)")
    }
}

/// Streams a simulation to a CSV file.
enum SimulationWriter {
    /// The protected-attribute file of the simulated customers.
    static func writeAttributes(spec: SimulationSpec, to path: String) throws {
        let file = try OutputFile(path: path)
        let simulator = Simulator(spec: spec)
        var buffer = "customer_id,attribute,value,probability,source,vintage\n"
        for i in 0..<spec.customers {
            for a in simulator.attributes(customer: i) {
                buffer += "\(simulator.customerID(i)),\(a.attribute),\(a.value),\(a.probability.map { String($0) } ?? ""),\(a.source),\(a.vintage)\n"
            }
            if buffer.utf8.count > 1 << 20 {
                try file.write(buffer)
                buffer = ""
            }
        }
        try file.write(buffer)
        try file.close()
    }

    static func write(spec: SimulationSpec, to path: String, truth: String? = nil) throws -> SimulateCommand.Result {
        let file = try OutputFile(path: path)
        let truthFile = try truth.map { try OutputFile(path: $0) }
        try truthFile?.write("customer_id,date,from,to\n")
        var switches = ""
        var truthError: (any Error)?
        let writer = ObservationCSVWriter(schema: Simulator.schema, labelDays: spec.labelDelay != nil)
        var buffer = writer.header
        var rows = 0, labelled = 0
        try Simulator(spec: spec).generate({ observation in
            buffer += writer.line(observation)
            rows += 1
            if observation.label != nil { labelled += 1 }
            if buffer.utf8.count > 1 << 20 {
                try file.write(buffer)
                buffer = ""
            }
        }, switched: truthFile == nil ? nil : { s in
            let names = Simulator.schema.segments
            switches += "\(s.customerID),\(s.day),\(names[s.from]),\(names[s.to])\n"
            if switches.utf8.count > 1 << 20 {
                do { try truthFile?.write(switches) } catch { truthError = error }
                switches = ""
            }
        })
        if let truthError { throw truthError }
        try file.write(buffer)
        try file.close()
        try truthFile?.write(switches)
        try truthFile?.close()
        return SimulateCommand.Result(file: path, scenario: spec.scenario.rawValue, rows: rows, labelled: labelled,
                                      first: spec.start.description, last: spec.end.description,
                                      changeDay: spec.changeDay.description)
    }
}
