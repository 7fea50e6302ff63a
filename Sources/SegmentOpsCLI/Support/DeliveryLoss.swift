/// The loud end of the at-least-once contract: a command that delivers alerts exits 6 when a notification reached
/// no receiver, or (replay) when deliveries are still pending at its end.
enum DeliveryLoss {
    static func check(undelivered: Int, lost: Int) throws {
        guard undelivered > 0 || lost > 0 else { return }
        var parts = [String]()
        if lost > 0 { parts.append("\(lost) alert notifications reached no receiver (every delivery dead-lettered)") }
        if undelivered > 0 { parts.append("\(undelivered) deliveries are still pending in the outbox") }
        Output.warn("error: " + parts.joined(separator: "; ")
                    + "; see `segmentops alerts deliveries --failed` and `segmentops status`")
        throw CLIExit(ExitStatus.alertsUndelivered)
    }
}
