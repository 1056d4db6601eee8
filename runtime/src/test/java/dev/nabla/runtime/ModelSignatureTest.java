package dev.nabla.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelSignatureTest {
    @Test
    void toStringSummarizesTheSignatureOnOneLine() {
        ModelSignature s = ModelSignature.builder("Spirals").input("p", new int[] {2}).classTarget("arm", 2)
                .param("W1", new int[] {32, 2}, null).param("b1", new int[] {32}, null).output("probs", new int[] {2})
                .optimizer("adam").hyper("lr", 0.01).hyper("beta1", 0.9).hyper("eps", 1e-8).hyper("weight_decay", 0)
                .build();
        assertEquals("Spirals(input p[2]; target arm class(2); output probs[2]; 2 params, 96 values: W1[32,2], b1[32]; "
                + "adam(lr: 0.01, beta1: 0.9, eps: 1e-08, weight_decay: 0); float)", s.toString());
    }

    @Test
    void manyParametersAreCutAndLargeCountsGrouped() {
        ModelSignature.Builder b = ModelSignature.builder("Deep").input("x", new int[] {784}).target("y", new int[] {10})
                .input("z", new int[] {3});
        for (int i = 0; i < 10; i++) b.param("W" + i, new int[] {1000, 100}, null);
        String s = b.hyper("lr", 2.5e-5).hyper("momentum", 1.5).build().toString();
        assertEquals("Deep(inputs x[784], z[3]; target y[10]; 10 params, 1,000,000 values: W0[1000,100], W1[1000,100], "
                + "W2[1000,100], W3[1000,100], W4[1000,100], W5[1000,100], W6[1000,100], W7[1000,100], ...; "
                + "sgd(lr: 2.5e-05, momentum: 1.5); float)", s);
    }
}
