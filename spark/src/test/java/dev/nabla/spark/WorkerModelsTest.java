package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.compiler.CompiledModel;
import dev.nabla.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** An executor compiles a generated class once, whatever number of tasks ask for it at the same time. */
class WorkerModelsTest {
    @Test
    void theClassIsCompiledOncePerJvmAndInstancesArePooled() throws Exception {
        CompiledModel c = SparkTests.compile(SparkTests.TABLE_MODEL.replace("Table", "Pooled"));
        ModelCode code = ModelCode.of(c.modelClass().getName(), c.javaSource());
        int before = WorkerModels.compilations();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<GeneratedModel>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) got.add(pool.submit(() -> WorkerModels.borrow(code, 16)));
            List<GeneratedModel> models = new ArrayList<>();
            for (Future<GeneratedModel> f : got) models.add(f.get());
            assertEquals(before + 1, WorkerModels.compilations());
            for (GeneratedModel m : models) assertSame(models.get(0).getClass(), m.getClass());
            assertNotSame(models.get(0), models.get(1));
            assertEquals(c.signature().sourceHash(), models.get(0).signature().sourceHash());
            WorkerModels.release(code, models.get(3));
            assertSame(models.get(3), WorkerModels.borrow(code, 16), "a returned instance is used again");
            assertEquals(before + 1, WorkerModels.compilations());
        } finally {
            pool.shutdownNow();
        }
    }
}
