package dev.nabla.compiler.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.compiler.Nabla;
import dev.nabla.runtime.TrainableModel;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Two threads stepping one instance fail fast instead of silently mixing their batches; one thread never trips it. */
class ConcurrentUseTest {
    private static final String MODEL = """
            model Wide {
                input  x[256]
                target y: class(4)
                param  W1[256, 256]
                param  b1[256]
                param  W2[4, 256]
                param  b2[4]
                h      = tanh(W1 @ x + b1)
                logits = W2 @ h + b2
                loss   cross_entropy(logits, y)
            }
            """;

    private static void stage(TrainableModel m, int n) {
        float[] row = new float[256];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < row.length; k++) row[k] = ((i * 31 + k) % 17) / 17f - 0.5f;
            m.setInput(0, i, row);
            m.setClassTarget(0, i, i % 4);
        }
    }

    @Test
    void twoThreadsSteppingOneInstanceFailFast() throws InterruptedException {
        CompiledModel c = Nabla.compile(MODEL);
        TrainableModel m = c.newModel(64, 1);
        stage(m, 64);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> message = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        Runnable stepper = () -> {
            try {
                start.await();
                for (int s = 0; s < 400 && failures.get() == 0; s++) m.trainStep(64);
            } catch (ConcurrentModificationException e) {
                failures.incrementAndGet();
                message.set(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread a = new Thread(stepper, "trainer-a"), b = new Thread(stepper, "trainer-b");
        a.start();
        b.start();
        start.countDown();
        a.join();
        b.join();
        assertTrue(failures.get() >= 1, "concurrent steps were detected");
        assertTrue(message.get().contains("used by two threads at once") && message.get().contains("trainer-"), message.get());
        // and the instance is usable again afterwards, from one thread
        assertTrue(Double.isFinite(m.trainStep(64)));
    }

    @Test
    void oneThreadAfterAnotherIsFine() throws InterruptedException {
        TrainableModel m = Nabla.compile(MODEL).newModel(8, 1);
        stage(m, 8);
        Thread t = new Thread(() -> m.trainStep(8));
        t.start();
        t.join();
        m.trainStep(8);
        m.forward(8);
        assertEquals(2, m.stepCount());
    }
}
