package dev.unbindlab.scenario.spinor;

/** The kernel reported a problem while the engine was waiting: the cycle ends here and the run stops. */
final class KernelReported extends Exception {

    private final KernelReportWatcher.Report report;

    KernelReported(KernelReportWatcher.Report report) {
        super(report.line(), null, false, false);
        this.report = report;
    }

    KernelReportWatcher.Report report() {
        return report;
    }
}
