package dev.nabla.runtime.schedule;

/**
 * A line-by-line replay of the recursive ("chainable") {@code get_lr} of PyTorch's schedulers for one parameter
 * group, to compare the closed forms with what PyTorch computes step by step. Each scheduler sees the group's
 * current rate and its own {@code last_epoch}, as in {@code torch.optim.lr_scheduler}.
 */
final class PyTorchRecursions {
    private PyTorchRecursions() {}

    /** One scheduler's update rules. */
    interface Scheduler {
        /** {@code get_lr()} when {@code last_epoch == 0} (the constructor's initial step). */
        double initial(double groupLr);

        /** {@code get_lr()} for {@code last_epoch >= 1}. */
        double step(double groupLr, int lastEpoch);

        /** {@code step(0)}: {@code _get_closed_form_lr()} at epoch 0, as SequentialLR calls it at a milestone. */
        double closedFormAtZero(double baseLr);
    }

    static Scheduler stepLr(int stepSize, double gamma) {
        return new Scheduler() {
            public double initial(double lr) { return lr; }
            public double step(double lr, int e) { return e % stepSize != 0 ? lr : lr * gamma; }
            public double closedFormAtZero(double base) { return base * Math.pow(gamma, 0); }
        };
    }

    static Scheduler exponentialLr(double gamma) {
        return new Scheduler() {
            public double initial(double lr) { return lr; }
            public double step(double lr, int e) { return lr * gamma; }
            public double closedFormAtZero(double base) { return base * Math.pow(gamma, 0); }
        };
    }

    static Scheduler cosineAnnealingLr(double baseLr, int tMax, double etaMin) {
        return new Scheduler() {
            public double initial(double lr) { return lr; }

            public double step(double lr, int e) {
                if (Math.floorMod(e - 1 - tMax, 2 * tMax) == 0) {
                    return lr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
                }
                return (1 + Math.cos(Math.PI * e / tMax)) / (1 + Math.cos(Math.PI * (e - 1) / tMax)) * (lr - etaMin) + etaMin;
            }

            public double closedFormAtZero(double base) {
                return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * 0 / tMax)) / 2;
            }
        };
    }

    static Scheduler linearLr(double start, double end, int totalIters) {
        return new Scheduler() {
            public double initial(double lr) { return lr * start; }

            public double step(double lr, int e) {
                if (e > totalIters) return lr;
                return lr * (1.0 + (end - start) / (totalIters * start + (e - 1) * (end - start)));
            }

            public double closedFormAtZero(double base) {
                return base * (start + (end - start) * Math.min(totalIters, 0) / totalIters);
            }
        };
    }

    /** The rates of epochs {@code 0 .. n-1} of one scheduler stepped {@code n - 1} times. */
    static double[] run(Scheduler s, double baseLr, int n) {
        double[] out = new double[n];
        double lr = s.initial(baseLr);
        out[0] = lr;
        for (int e = 1; e < n; e++) {
            lr = s.step(lr, e);
            out[e] = lr;
        }
        return out;
    }

    /**
     * {@code SequentialLR([first, second], milestones=[milestone])}: the group rate is reset to the base rate,
     * {@code first} takes its initial step; at the milestone {@code second.step(0)} sets the closed form at 0,
     * and later steps call {@code second.step()} with its own epoch counter.
     */
    static double[] sequential(Scheduler first, Scheduler second, int milestone, double baseLr, int n) {
        double[] out = new double[n];
        double lr = first.initial(baseLr);
        out[0] = lr;
        int secondEpoch = 0;
        for (int e = 1; e < n; e++) {
            if (e < milestone) {
                lr = first.step(lr, e);
            } else if (e == milestone) {
                secondEpoch = 0;
                lr = second.closedFormAtZero(baseLr);
            } else {
                secondEpoch++;
                lr = second.step(lr, secondEpoch);
            }
            out[e] = lr;
        }
        return out;
    }
}
