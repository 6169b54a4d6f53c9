"""The benchmark's yardstick loop runs and stops on time (its numbers are printed, never asserted)."""
import time

import torch

from explainer.config import preset
from explainer.reference_loop import plain_loop_tokens_per_s


def test_plain_loop_stops_on_time_and_reports_throughput():
    data = torch.randint(0, 100, (5000,), dtype=torch.int32)
    t0 = time.perf_counter()
    rate = plain_loop_tokens_per_s(preset("nano", 100), data, batch_size=4, seconds=0.3, dtype="float32",
                                   explicit=True)
    assert rate > 0 and time.perf_counter() - t0 < 30
