"""PyTorch reference for `npm run bench:cpu` (docs/compute.md "Reference points").

Trains an unshared wide ResNet (Zagoruyko & Komodakis, pre-activation BN-ReLU-conv blocks,
1x1 projection shortcuts, the same graph as src-main/engine/arch/wrn.ts) on synthetic data with
SGD-Nesterov and prints one JSON line: images/s (median of timed runs) and ms per phase.
Usage: python3 bench_cpu_reference.py --threads N [--depth 16 --width 4 --batch 128 --steps 3]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        project = stride != 1 or cin != cout
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, 0, bias=False) if project else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        h = self.conv1(a)
        h = self.conv2(F.relu(self.bn2(h)))
        # The projection reads the activated input, as the engine's graph does.
        return h + (self.shortcut(a) if self.shortcut is not None else x)


class WideResNet(nn.Module):
    def __init__(self, depth, width, classes, channels):
        super().__init__()
        n = (depth - 4) // 6
        widths = [16 * width, 32 * width, 64 * width]
        self.stem = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        blocks, cin = [], 16
        for stage, w in enumerate(widths):
            for i in range(n):
                blocks.append(Block(cin, w, 2 if stage > 0 and i == 0 else 1))
                cin = w
        self.blocks = nn.Sequential(*blocks)
        self.bn = nn.BatchNorm2d(cin)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        h = F.relu(self.bn(self.blocks(self.stem(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(h, 1), 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--depth", type=int, default=16)
    p.add_argument("--width", type=int, default=4)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--steps", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = WideResNet(a.depth, a.width, a.classes, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    x = torch.randn(a.batch, 3, a.size, a.size)
    y = torch.randint(0, a.classes, (a.batch,))
    phases = {"forward": [], "backward": [], "optimizer": []}

    def step(record):
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if record:
            phases["forward"].append((t1 - t0) * 1000)
            phases["backward"].append((t2 - t1) * 1000)
            phases["optimizer"].append((t3 - t2) * 1000)

    for _ in range(a.warmup):
        step(False)
    rates = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step(True)
        rates.append(a.batch * a.steps / (time.perf_counter() - t0))
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "imagesPerSecond": statistics.median(rates),
        "runs": rates,
        "msPerPhase": {k: statistics.median(v) for k, v in phases.items()},
    }))


if __name__ == "__main__":
    main()
