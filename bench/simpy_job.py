#!/usr/bin/python3
"""simpy_job.py - the training-job model of bench/scenarios/llama3-job.cfg in
SimPy, the peer that bench/b_simpy.sh times against fleetsim.

One job of 2,048 nodes needs 54 days of failure-free work. Failures arrive
as a Poisson process at 2,048 x 3.7887 per 1,000 node-days (Llama 3's
unexpected-interruption rate, docs/validation.md VC-03), whatever the job is
doing, as fleetsim's default failure clocks run. A failure interrupts the
job: work since the last checkpoint (every 30 min of work, written in no
time) is lost and the job restarts, which takes 5 min and is itself
interrupted by a failure during it. The job runs until its work is done.

Written the way a SimPy user would: a job process that waits for its
remaining work and is interrupted by a failure process, with the
checkpoints accounted in closed form (no event per checkpoint), so the peer
does the least work the model allows.

Usage: simpy_job.py [REPLICATES [SEED]]   (default 2000, 405)
Prints: mean days, mean failures, mean goodput, CPU seconds.
"""
import random
import sys
import time

import simpy

NODES = 2048
RATE_PER_H = NODES * 3.7887 / 1000.0 / 24.0  # failures per hour
WORK_H = 54.0 * 24.0                         # failure-free work, hours
CKPT_H = 0.5                                 # work between checkpoints
RESTART_H = 5.0 / 60.0


class Job:
    def __init__(self, env, rng):
        self.env = env
        self.rng = rng
        self.done = 0.0       # checkpointed work, hours
        self.failures = 0
        self.finished = env.event()
        self.proc = env.process(self.run())
        env.process(self.fail())

    def run(self):
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
            while True:  # restart; a failure during it starts it again
                try:
                    yield env.timeout(RESTART_H)
                    break
                except simpy.Interrupt:
                    pass

    def fail(self):
        env = self.env
        while True:
            yield env.timeout(self.rng.expovariate(RATE_PER_H))
            if self.finished.triggered:
                return
            self.failures += 1
            self.proc.interrupt()


def replicate(seed):
    env = simpy.Environment()
    job = Job(env, random.Random(seed))
    env.run(until=job.finished)
    return env.now / 24.0, job.failures


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 405
    t0 = time.process_time()
    days = fails = good = 0.0
    for r in range(reps):
        d, f = replicate(seed * 1000003 + r)
        days += d
        fails += f
        good += WORK_H / 24.0 / d
    cpu = time.process_time() - t0
    print("simpy %s: %d replicates: %.2f days, %.1f failures, goodput %.3f, "
          "%.2f s CPU" % (simpy.__version__, reps, days / reps, fails / reps,
                          good / reps, cpu))


if __name__ == "__main__":
    main()
