package dev.nabla.spark;

import dev.nabla.runtime.GeneratedModel;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

/**
 * The generated models of one JVM (an executor, or the driver in local mode): each class compiled once with Janino
 * and kept by the hash of its source, and model instances pooled by batch capacity so that the tasks running at the
 * same time in this JVM each have their own (an instance is used by one thread at a time).
 */
final class WorkerModels {
    private static final Map<String, Class<? extends GeneratedModel>> CLASSES = new ConcurrentHashMap<>();
    private static final Map<String, Queue<GeneratedModel>> POOL = new ConcurrentHashMap<>();
    private static final AtomicInteger COMPILATIONS = new AtomicInteger();

    private WorkerModels() {}

    /** How many classes this JVM has compiled. */
    static int compilations() { return COMPILATIONS.get(); }

    /** The compiled class of {@code code}, compiled on first use in this JVM. */
    static Class<? extends GeneratedModel> modelClass(ModelCode code) {
        Class<? extends GeneratedModel> c = CLASSES.get(code.hash());
        if (c != null) return c;
        synchronized (WorkerModels.class) {
            c = CLASSES.get(code.hash());
            if (c == null) {
                c = compile(code);
                CLASSES.put(code.hash(), c);
            }
            return c;
        }
    }

    private static Class<? extends GeneratedModel> compile(ModelCode code) {
        SimpleCompiler sc = new SimpleCompiler();
        sc.setParentClassLoader(GeneratedModel.class.getClassLoader());
        sc.setTargetVersion(8);
        try {
            sc.cook(code.className() + ".java", code.source());
            COMPILATIONS.incrementAndGet();
            return sc.getClassLoader().loadClass(code.className()).asSubclass(GeneratedModel.class);
        } catch (CompileException | ClassNotFoundException | RuntimeException e) {
            throw new IllegalStateException("internal error: the executor cannot compile the generated model "
                    + code.className() + ": " + e.getMessage(), e);
        }
    }

    /** An instance for up to {@code capacity} examples, from the pool or new; give it back with {@link #release}. */
    static GeneratedModel borrow(ModelCode code, int capacity) {
        Queue<GeneratedModel> q = POOL.computeIfAbsent(code.hash() + "/" + capacity, k -> new ConcurrentLinkedQueue<>());
        GeneratedModel m = q.poll();
        if (m != null) return m;
        try {
            return modelClass(code).getConstructor(int.class).newInstance(capacity);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("internal error: cannot instantiate " + code.className(), e);
        }
    }

    static void release(ModelCode code, GeneratedModel m) {
        POOL.computeIfAbsent(code.hash() + "/" + m.maxBatch(), k -> new ConcurrentLinkedQueue<>()).add(m);
    }
}
