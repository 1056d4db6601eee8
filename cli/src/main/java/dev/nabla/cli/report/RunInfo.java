package dev.nabla.cli.report;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a training run comes from, for the report: when it finished, how long it took by the clock the
 * console shows, and provenance such as the Nabla version and the command line, as labelled values in
 * order.
 *
 * @param finished     when the run finished
 * @param totalSeconds the wall time of training, the same number the console's summary line shows
 * @param provenance   labelled values in order ({@code version}, {@code command line}, ...)
 * @param smoothing    the smoothing weight of the curves, 0 for none
 */
public record RunInfo(ZonedDateTime finished, double totalSeconds, Map<String, String> provenance, double smoothing) {
    public RunInfo {
        Objects.requireNonNull(finished, "finished");
        provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }
}
