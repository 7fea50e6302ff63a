import SegmentOpsCLI

await SegmentOps.runMain()
