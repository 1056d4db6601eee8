package dev.nabla.runtime.io;

import java.util.List;
import java.util.Map;

/** A decoded safetensors header: the tensors in header order and the {@code __metadata__} map. */
record Header(List<TensorInfo> tensors, Map<String, String> metadata) {
    /** The key under which a header holds its string-to-string metadata. */
    static final String METADATA_KEY = "__metadata__";
}
