import Foundation
import SegmentModel

/// What one ingest decides row by row, whichever engine stores it: counts, the violations, and the label changes to
/// apply. A row whose key is already stored (by an earlier file or an earlier row of this one) is compared here.
struct IngestTally {
    let batch: ObservationBatch
    let schema: SegmentSchema
    let file: String
    let batchID: Int
    let relabel: Bool
    var log = ViolationLog()
    var inserted = 0, labelUpdates = 0, relabelled = 0, unchanged = 0

    /// A stored row a new one meets: its features, label and the ingest batch that stored it.
    struct Stored {
        var features: [Double]
        var label: String?
        var batchID: Int
    }

    /// The label row `i` writes onto the stored row, or nil when it changes nothing (a violation is logged).
    mutating func compare(_ i: Int, asOf: String, with stored: Stored) -> String? {
        let d = schema.features.count, base = i * d
        let label: String? = batch.labels[i] < 0 ? nil : schema.segments[Int(batch.labels[i])]
        let customerID = batch.customerIDs[i]
        let where_ = "key (\(customerID), \(asOf))"
        if !stored.features.elementsEqual(batch.row(i)) {
            let source = stored.batchID == batchID ? "from an earlier row of this file" : "from ingest batch \(stored.batchID)"
            let j = (0..<d).first { stored.features[$0] != batch.features[base + $0] }!
            log.record(ContractViolation(
                file: file, line: batch.lines[i], column: schema.features[j],
                reason: "\(where_) is already stored with different features (\(schema.features[j]) = \(ObservationCSVWriter.format(stored.features[j])), \(source)); observations are immutable"))
            return nil
        }
        switch (stored.label, label) {
        case (_, nil):
            unchanged += 1
        case (nil, let new?):
            labelUpdates += 1
            return new
        case (let old?, let new?) where old == new:
            unchanged += 1
        case (let old?, let new?):
            if relabel {
                relabelled += 1
                return new
            }
            log.record(ContractViolation(
                file: file, line: batch.lines[i], column: "segment",
                reason: "\(where_) is already labelled '\(old)'; this file says '\(new)' (pass --relabel to change stored labels)"))
        }
        return nil
    }

    func report(fileSHA256: String, duplicateRows: Int) -> IngestReport {
        IngestReport(file: file, fileSHA256: fileSHA256, rows: batch.count, inserted: inserted,
                     labelUpdates: labelUpdates, relabelled: relabelled, unchanged: unchanged,
                     duplicateRows: duplicateRows,
                     batchID: inserted + labelUpdates + relabelled > 0 ? batchID : nil,
                     firstDay: batch.days.min(), lastDay: batch.days.max())
    }
}
