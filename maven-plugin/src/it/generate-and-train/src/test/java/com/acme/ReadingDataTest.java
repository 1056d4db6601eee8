package com.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.runtime.data.CsvLoader;
import dev.nabla.runtime.data.CsvOptions;
import dev.nabla.runtime.data.Dataset;
import dev.nabla.runtime.data.Encoding;
import dev.nabla.runtime.data.MissingPolicy;
import dev.nabla.runtime.data.Standardizer;
import dev.nabla.runtime.train.Examples;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippet of "Reading data from Java" in maven-plugin/README.md, run on a small table. */
class ReadingDataTest {
    @Test
    void readsEncodesSplitsAndStandardizes() throws Exception {
        Path dir = Path.of("src/test/resources");

        CsvLoader.Result r = CsvLoader.load(dir.resolve("penguins.csv"), CsvOptions.builder()
                .label("species")                       // the target column; null for rows to predict on
                .features("bill_length_mm", "flipper_length_mm", "island")   // default: every other column
                .categorical("island")                  // one-hot: island=Biscoe, island=Dream, ...
                .onMissing(MissingPolicy.DROP)          // or ERROR (the default): row and column of the first gap
                .build());
        Dataset data = r.dataset();                     // features() float[rows][features], labels() or targets()
        Encoding encoding = r.encoding();               // columns, categories, class names: keep it with the model
        Dataset.Split split = data.split(0.2, 42);      // validation fraction, seed
        Standardizer std = Standardizer.fit(split.train());           // mean and standard deviation per feature
        Dataset train = std.apply(split.train()), validation = std.apply(split.validation());
        Examples examples = Examples.classification(train.features(), train.labels());   // or Examples.regression(..., targets())

        // new rows encoded exactly like the training data (an unknown category or class is an error)
        Dataset fresh = CsvLoader.load(dir.resolve("new.csv"), CsvOptions.builder().build(), encoding).dataset();

        assertEquals(1, r.droppedRows(), "the row with NA");
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), encoding.classNames());
        assertEquals(List.of("bill_length_mm", "flipper_length_mm", "island=Biscoe", "island=Dream", "island=Torgersen"),
                encoding.featureNames());
        assertEquals(59, train.size() + validation.size());
        assertEquals(train.size(), examples.size());
        assertEquals(2, fresh.size());
        assertEquals(List.of(0f, 1f, 0f), List.of(fresh.features()[0][2], fresh.features()[0][3], fresh.features()[0][4]));
    }
}
