package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AppTest {
    @Test
    void trainsFromTheCsvFileToHighAccuracy() throws Exception {
        double accuracy = App.trainAndTest(Path.of("data/xor.csv"));
        assertTrue(accuracy >= 0.95, "accuracy on the held-out rows: " + accuracy);
        assertEquals("Xor", XorModel.SIGNATURE.modelName());
    }
}
