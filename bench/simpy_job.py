#!/usr/bin/python3
"""simpy_job.py - the training-job model of bench/scenarios/llama3-job.cfg in
SimPy, the peer that bench/b_simpy.sh times against fleetsim, written two
ways.

One job of 2,048 nodes needs 54 days of failure-free work. Failures arrive
as a Poisson process at 2,048 x 3.7887 per 1,000 node-days (Llama 3's
unexpected-interruption rate, docs/validation.md VC-03), whatever the job is
doing, as fleetsim's default failure clocks run. A failure interrupts the
job: work since the last checkpoint (every 30 min of work, written in no
time) is lost and the job restarts, which takes 5 min and is itself
interrupted by a failure during it. The job runs until its work is done.

Both models have a job process interrupted by a failure process:

- "lean": the job waits for all its remaining work at once and counts the
  checkpoints it passed in closed form when a failure interrupts it (no
  event per checkpoint), about 1,000 events per replicate: the least work
  the model allows in SimPy, and the stricter comparison;
- "natural": the job yields one timeout per checkpoint interval and banks
  the interval when the timeout fires, the model as SimPy users write it
  (about 4,000 events per replicate).

The failure process is the only user of the random stream, so with the same
seed both models see the same failure times and give the same answer
replicate by replicate (up to rounding in the sum of the intervals).

Usage: simpy_job.py [REPLICATES [SEED [lean|natural]]]   (default 2000, 405, lean)
Prints one line: model, mean days, mean failures, mean goodput, CPU seconds;
then a line "MEANS model days se failures se goodput se" (means and their
standard errors over the replicates) for bench/b_simpy.sh's agreement check.
"""
import math
import random
import sys
import time

import simpy

NODES = 2048
RATE_PER_H = NODES * 3.7887 / 1000.0 / 24.0  # failures per hour
WORK_H = 54.0 * 24.0                         # failure-free work, hours
CKPT_H = 0.5                                 # work between checkpoints
RESTART_H = 5.0 / 60.0


def restart(env):
    """The 5-min restart; a failure during it starts it again."""
    while True:
        try:
            yield env.timeout(RESTART_H)
            return
        except simpy.Interrupt:
            pass


class Job:
    def __init__(self, env, rng, natural):
        self.env = env
        self.rng = rng
        self.done = 0.0       # checkpointed work, hours
        self.failures = 0
        self.finished = env.event()
        self.proc = env.process(self.run_natural() if natural else self.run_lean())
        env.process(self.fail())

    def run_lean(self):
        env = self.env
        while True:
            start = env.now
            try:
                yield env.timeout(WORK_H - self.done)
                self.done = WORK_H
                self.finished.succeed()
                return
            except simpy.Interrupt:
                # Keep the whole checkpoints reached since start.
                self.done += CKPT_H * int((env.now - start) / CKPT_H)
            yield from restart(env)

    def run_natural(self):
        env = self.env
        while self.done < WORK_H:
            step = min(CKPT_H, WORK_H - self.done)
            try:
                yield env.timeout(step)
                self.done += step     # the checkpoint is written
            except simpy.Interrupt:
                yield from restart(env)  # work since the checkpoint is lost
        self.finished.succeed()

    def fail(self):
        env = self.env
        while True:
            yield env.timeout(self.rng.expovariate(RATE_PER_H))
            if self.finished.triggered:
                return
            self.failures += 1
            self.proc.interrupt()


def replicate(seed, natural):
    env = simpy.Environment()
    job = Job(env, random.Random(seed), natural)
    env.run(until=job.finished)
    return env.now / 24.0, job.failures


def mean_se(xs):
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else 0.0
    return m, math.sqrt(var / n)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 405
    model = sys.argv[3] if len(sys.argv) > 3 else "lean"
    if model not in ("lean", "natural"):
        sys.exit("usage: simpy_job.py [REPLICATES [SEED [lean|natural]]]")
    t0 = time.process_time()
    days, fails, good = [], [], []
    for r in range(reps):
        d, f = replicate(seed * 1000003 + r, model == "natural")
        days.append(d)
        fails.append(f)
        good.append(WORK_H / 24.0 / d)
    cpu = time.process_time() - t0
    (dm, ds), (fm, fs), (gm, gs) = mean_se(days), mean_se(fails), mean_se(good)
    print("simpy %s %s: %d replicates: %.2f days, %.1f failures, goodput %.3f, "
          "%.2f s CPU" % (simpy.__version__, model, reps, dm, fm, gm, cpu))
    print("MEANS %s %.6f %.6f %.4f %.4f %.6f %.6f" % (model, dm, ds, fm, fs, gm, gs))


if __name__ == "__main__":
    main()
