package dev.bulwark.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code terraform:}: {@code data_bearing} lists resource types (exact, or patterns with {@code *})
 * whose deletion deletes data, in addition to Bulwark's built-in list; {@code bulwark tf plan}
 * calls them out.
 */
public record TerraformConfig(List<String> dataBearing) {
    public TerraformConfig {
        dataBearing = dataBearing == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dataBearing));
    }
}
