package dev.unbindlab.scenario.unbind;

/** The kernel reported a problem while the engine was waiting: the cycle ends here and the run stops. */
public final class KernelReported extends Exception {

    private final KernelReportWatcher.Report report;

    public KernelReported(KernelReportWatcher.Report report) {
        super(report.line(), null, false, false);
        this.report = report;
    }

    public KernelReportWatcher.Report report() {
        return report;
    }
}
