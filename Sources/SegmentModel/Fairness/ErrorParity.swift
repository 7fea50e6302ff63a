/// Are the model's errors spread evenly? Per group of an attribute, on the labelled customers: accuracy, harm rate
/// and recall per segment (membership-weighted for probability-valued attributes).
public struct ErrorParity: Sendable, Equatable, Codable {
    public let attribute: String
    public let group: String
    /// Labelled customers in the group (the sum of membership probabilities for a probability-valued attribute).
    public let labelled: Double
    public let accuracy: Double
    public let harmRate: Double
    /// Recall per segment, in segment order (nil where the group has no labelled member of the segment).
    public let recall: [Double?]

    enum CodingKeys: String, CodingKey {
        case attribute, group, labelled, accuracy, recall
        case harmRate = "harm_rate"
    }

    public init(attribute: String, group: String, labelled: Double, accuracy: Double, harmRate: Double,
                recall: [Double?]) {
        self.attribute = attribute
        self.group = group
        self.labelled = labelled
        self.accuracy = accuracy
        self.harmRate = harmRate
        self.recall = recall
    }

    /// One row per group. `labels` are true segment indices (negative: unlabelled), aligned with `predictions`.
    public static func measure(_ a: AttributeColumn, predictions: [Int32], labels: [Int32], segments k: Int,
                               harmPairs: Set<SegmentPair>) -> [ErrorParity] {
        let groups = a.groups.count
        var total = [Double](repeating: 0, count: groups), correct = total, harm = total
        var support = [[Double]](repeating: [Double](repeating: 0, count: k), count: groups), hits = support
        for i in labels.indices where labels[i] >= 0 {
            let t = Int(labels[i]), p = Int(predictions[i])
            let harmful = harmPairs.contains(SegmentPair(truth: t, predicted: p))
            for g in 0..<groups {
                let w = a.weight(i, g)
                guard w > 0 else { continue }
                total[g] += w
                support[g][t] += w
                if t == p { correct[g] += w; hits[g][t] += w }
                if harmful { harm[g] += w }
            }
        }
        return (0..<groups).map { g in
            ErrorParity(attribute: a.name, group: a.groups[g], labelled: total[g],
                        accuracy: total[g] > 0 ? correct[g] / total[g] : 0,
                        harmRate: total[g] > 0 ? harm[g] / total[g] : 0,
                        recall: (0..<k).map { support[g][$0] > 0 ? hits[g][$0] / support[g][$0] : nil })
        }
    }
}
