/**
 * Reporting for training runs: learning curves as SVG or PNG ({@link dev.nabla.cli.report.CurvePlot}), a
 * self-contained HTML report ({@link dev.nabla.cli.report.HtmlReport}) and the per-epoch progress bar on
 * standard output ({@link dev.nabla.cli.report.EpochProgress}).
 *
 * <p>Every file written here is written atomically: the content is produced in memory, written to a
 * temporary file in the target's folder and then moved over the target, so a failed write never leaves a
 * half-written file behind.
 */
package dev.nabla.cli.report;
