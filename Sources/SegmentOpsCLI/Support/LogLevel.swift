import Foundation
import Logging

extension Logger.Level {
    /// The level named by SEGMENTOPS_LOG_LEVEL (trace, debug, info, notice, warning, error, critical), else `fallback`.
    static func fromEnvironment(or fallback: Logger.Level) -> Logger.Level {
        ProcessInfo.processInfo.environment["SEGMENTOPS_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? fallback
    }
}
