/// Where the evidence of an alert lives in the console, from its rule's category.
enum AlertEvidence {
    static func link(rule: String, labels: [String: String]) -> (href: String, label: String) {
        switch labels["category"] ?? "" {
        case "data-drift": return ("/ui/drift", "data drift per feature and the segment mix")
        case "model-drift": return ("/ui/performance", "realised accuracy and harm with intervals")
        case "release", "security":
            if let v = labels["version"].flatMap({ Int($0.hasPrefix("v") ? String($0.dropFirst()) : $0) }) {
                return ("/ui/versions/\(v)", "version v\(v): lineage, gates and audit entries")
            }
            return ("/ui/registry", "the registry timeline and its gate verdicts")
        case "segments": return ("/ui/segments", "segment changes, transitions and stability")
        case "fairness": return ("/ui/fairness", "the fair-lending audit report")
        case "alerting": return ("/ui/alerts", "deliveries and dead letters")
        default: return ("/ui", "the overview")
        }
    }
}
