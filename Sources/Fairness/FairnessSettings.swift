import SegmentConfig
import SegmentModel

extension FairnessConfig {
    /// The adverse-impact test's thresholds.
    public var disparity: DisparitySettings {
        var s = DisparitySettings()
        s.airThreshold = airThreshold
        s.alpha = alpha
        s.minGroupSize = Double(minGroupSize)
        s.worsening = worsening
        s.probabilityThreshold = probabilityThreshold
        return s
    }

    /// The proxy scan's thresholds.
    public var proxyScan: ProxyScan.Settings {
        var s = ProxyScan.Settings()
        s.smd = proxy.smd
        s.auc = proxy.auc
        s.sample = proxy.sample
        s.folds = proxy.folds
        return s
    }

    var reportSettings: FairnessReport.Settings {
        FairnessReport.Settings(airThreshold: airThreshold, alpha: alpha, minGroupSize: Double(minGroupSize),
                                worsening: worsening, probabilityThreshold: probabilityThreshold,
                                proxySMD: proxy.smd, proxyAUC: proxy.auc)
    }
}
