package dev.nabla.runtime.data;

/** What {@link CsvLoader} does with a row that has a missing value in a column it uses. */
public enum MissingPolicy {
    /** Stop with a {@link DataException} naming the row, the column and the value found (the default). */
    ERROR,
    /** Leave the row out and count it in {@link CsvLoader.Result#droppedRows()}. */
    DROP
}
