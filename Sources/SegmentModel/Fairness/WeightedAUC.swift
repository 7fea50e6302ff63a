/// Area under the ROC curve with soft labels: row i counts as a positive with weight `target[i]` and as a
/// negative with weight 1 − `target[i]` (a membership probability, or 0/1). Ties count one half.
public enum WeightedAUC {
    public static func auc(scores: [Double], target: [Double]) -> Double? {
        precondition(scores.count == target.count)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var negativesBelow = 0.0, area = 0.0, positives = 0.0, negatives = 0.0
        var i = 0
        while i < order.count {
            var j = i, pos = 0.0, neg = 0.0
            while j < order.count && scores[order[j]] == scores[order[i]] {
                pos += target[order[j]]
                neg += 1 - target[order[j]]
                j += 1
            }
            area += pos * (negativesBelow + neg / 2)
            negativesBelow += neg
            positives += pos
            negatives += neg
            i = j
        }
        guard positives > 0, negatives > 0 else { return nil }
        return area / (positives * negatives)
    }
}
