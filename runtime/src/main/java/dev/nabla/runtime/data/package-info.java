/**
 * Loading training data: CSV files ({@link dev.nabla.runtime.data.CsvLoader} with
 * {@link dev.nabla.runtime.data.CsvOptions}) and the MNIST IDX format
 * ({@link dev.nabla.runtime.data.IdxLoader}) into a {@link dev.nabla.runtime.data.Dataset}, which
 * splits into training and validation sets deterministically from a seed;
 * {@link dev.nabla.runtime.data.Standardizer} fits feature statistics on the training split;
 * {@link dev.nabla.runtime.data.Encoding} and the Standardizer serialize to JSON so a trained model
 * encodes new data the same way.
 *
 * <p>Every problem with the data is a {@link dev.nabla.runtime.data.DataException} whose message,
 * {@code FILE:LINE:COLUMN: message}, is meant for the user as-is.
 *
 * <pre>{@code
 * CsvLoader.Result r = CsvLoader.load(Path.of("iris.csv"), CsvOptions.builder().label("species").build());
 * Dataset.Split s = r.dataset().split(0.2, 42);
 * Standardizer std = Standardizer.fit(s.train());
 * Dataset train = std.apply(s.train()), validation = std.apply(s.validation());
 * // keep r.encoding().toJson() and std.toJson() with the model, then for new data:
 * Dataset toPredict = std.apply(CsvLoader.load(newFile, CsvOptions.defaults(), encoding).dataset());
 * }</pre>
 */
package dev.nabla.runtime.data;
