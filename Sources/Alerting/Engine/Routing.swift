import SegmentConfig

/// Which receivers get an alert: those listening to its severity — except a receiver an alert is about
/// (AlertDeliveryFailing for receiver X goes to the others).
public enum Routing {
    public static func receivers(for severity: String, labels: [String: String],
                                 in receivers: [ReceiverConfig]) -> [ReceiverConfig] {
        receivers.filter { $0.severities.contains(severity) && $0.name != labels["failing_receiver"] }
    }
}
