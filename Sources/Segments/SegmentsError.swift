/// Why a segments command could not do what was asked, and what to do instead.
public enum SegmentsError: Error, CustomStringConvertible, Equatable {
    case noHold
    case alreadyReleased(by: String)
    case unknownCustomer(String)
    case badCursor(String)
    case unknownSegment(String, known: [String])
    case noProduction

    public var description: String {
        switch self {
        case .noHold: "no segment change is held; nothing to release (see `segmentops segments status`)"
        case .alreadyReleased(let by): "the hold was already released by \(by); the next nightly run applies the changes"
        case .unknownCustomer(let id): "no customer '\(id)' in the observations or the confirmed segments"
        case .badCursor(let text): "'\(text)' is not a feed cursor: use the next_cursor of the previous page (a whole number), or 0 for the start"
        case .unknownSegment(let name, let known): "'\(name)' is not a segment; use one of \(known.joined(separator: ", "))"
        case .noProduction: "no version is in production yet: promote one first (`segmentops promote V --reason TEXT`)"
        }
    }
}
